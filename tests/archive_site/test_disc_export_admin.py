"""Disc export from the browser: start, progress, downloads through the gate.

Tasks run at once in tests (ImmediateBackend), so the export page shows the
finished job. Actors: the archivist of the case's agency, an archivist of
another agency, staff without the archivist role.
"""

import json

import pytest
from django.urls import reverse

from access_control.models import AccessLogEntry
from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import Disc, DiscExport
from preservation.services.aips import package_write
from preservation.services.discs import MEDIA, Medium

START = "/admin/archive/disc-exports/new/"


@pytest.fixture
def package(ingested_case, archivist):
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    return package_write(dossier=dossier)


@pytest.fixture
def exported(client, archivist, package):
    client.force_login(archivist)
    response = client.post(START, {"media": "bd25", "disc_set": "A"})
    assert response.status_code == 302
    return DiscExport.objects.get()


def test_register_offers_disc_export_to_archivists(client, archivist, package):
    client.force_login(archivist)
    assert START in client.get("/admin/disc/").content.decode()


def test_export_runs_and_shows_its_discs(client, archivist, exported, package):
    page = client.get(reverse("archive_disc_export", args=[exported.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已完成" in html and 'value="100"' in html
    disc = Disc.objects.get()
    assert disc.disc_number in html and disc.burned_by == archivist
    assert list(exported.packages.all()) == [package]


def test_manifest_download_is_logged_first(client, archivist, exported, package):
    disc = Disc.objects.get()
    url = reverse("access_control:disc_file", args=[disc.pk, "manifest"])
    before = AccessLogEntry.objects.count()
    asked = client.get(url)  # the custodian says why, every time
    assert asked.status_code == 403 and "事由" in asked.content.decode()
    assert AccessLogEntry.objects.count() == before
    response = client.get(url + "?purpose=移交")
    assert response.status_code == 200
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["disc_number"] == disc.disc_number
    assert manifest["contents"][0]["package"] == package.identifier
    assert response["Cache-Control"] == "private, no-store"
    entry = AccessLogEntry.objects.filter(reason="移交").get()
    assert entry.case_number == package.dossier.case.case_number
    assert entry.data == {"disc": disc.disc_number, "file": "manifest"}


def test_label_and_image_download(client, exported):
    disc = Disc.objects.get()
    purpose = "?purpose=整理"
    label_url = reverse("access_control:disc_file", args=[disc.pk, "label"])
    label = client.get(label_url + purpose)
    assert b"".join(label.streaming_content).startswith(b"%PDF")
    image_url = reverse("access_control:disc_file", args=[disc.pk, "iso"])
    image = client.get(image_url + purpose)
    assert sum(len(c) for c in image.streaming_content) == disc.iso_size


def test_other_agency_cannot_see_or_download_the_disc(
    client, exported, other_archivist
):
    disc = Disc.objects.get()
    client.force_login(other_archivist)
    assert disc.disc_number not in client.get("/admin/disc/").content.decode()
    url = reverse("access_control:disc_file", args=[disc.pk, "manifest"])
    assert client.get(url).status_code == 404
    export_page = reverse("archive_disc_export", args=[exported.pk])
    assert client.get(export_page).status_code == 404


def test_nothing_to_burn_is_said_plainly(client, archivist, exported):
    response = client.post(START, {"media": "bd25", "disc_set": "A"}, follow=True)
    assert "没有需要刻录的保存包" in response.content.decode()
    assert DiscExport.objects.count() == 1


def test_staff_without_role_cannot_start(client, staff_without_role, package):
    client.force_login(staff_without_role)
    response = client.post(START, {"media": "bd25", "disc_set": "A"})
    assert response.status_code in (302, 403)  # Wagtail sends them to log in
    assert not DiscExport.objects.exists()


def test_a_failed_export_says_why_and_registers_nothing(
    client, archivist, package, monkeypatch
):
    tiny = Medium("测试光盘", capacity=50_000_000, budget=1000)
    monkeypatch.setitem(MEDIA, "cd", tiny)
    client.force_login(archivist)
    response = client.post(START, {"media": "cd", "disc_set": "A"}, follow=True)
    html = response.content.decode()
    assert "失败" in html
    export = DiscExport.objects.get()
    assert export.status == "failed" and export.message in html
    assert not Disc.objects.exists()
