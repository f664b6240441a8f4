"""Discs holding a destroyed package in the admin (issue #14): the disc
register's status column and disc page, and the custodian's page with its
form, for the agency's archivist; refusals come back as messages naming the
rule. The scene is in `disc_disposal_setup`."""

import shutil

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from preservation.models import Disc, DiscExport
from preservation.services.discs import disc_export_files
from tests.conftest import person_make
from tests.preservation.retention.disc_disposal_setup import discs_scene

pytestmark = pytest.mark.django_db
__all__ = ["discs_scene"]
PAGE = "/admin/disc/disposal/"


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, disc, **fields):
    url = reverse("disc:dispose", args=[disc.pk])
    return client.post(url, {"witness1": "witness", "witness2": "app1", **fields})


def test_the_register_shows_which_discs_wait_and_links_the_custodian_page(
    client, discs_scene
):
    s = discs_scene
    html = as_user(client, s.keeper).get("/admin/disc/").content.decode()
    assert f"需销毁或重刻（批次 {s.batch.number}）" in html
    assert "需销毁或重刻的光盘（2）" in html and PAGE in html
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="disposal-disc"') == 2
    assert s.a1.disc_number in html and s.b1.disc_number in html
    assert f"另存于 {s.a2.disc_number}" in html and "需重刻" in html
    assert s.gone_code in html and s.batch.number in html


def test_the_form_records_the_disposal_and_the_disc_page_shows_it(client, discs_scene):
    s = discs_scene
    as_user(client, s.keeper)
    response = post(client, s.a1, action="destroyed", note="碎片化销毁")
    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert f"已登记光盘 {s.a1.disc_number} 物理销毁（2026-06-01）" in str(message)
    html = client.get(reverse("disc:inspect", args=[s.a1.pk])).content.decode()
    assert "已销毁（2026-06-01）" in html
    assert "witness、app1" in html and "碎片化销毁" in html
    assert f"已销毁（批次 {s.batch.number}）" in html  # the destroyed content
    assert s.a1.disc_number not in client.get(PAGE).content.decode()


def test_a_refusal_is_shown_and_changes_nothing(client, discs_scene):
    s = discs_scene
    as_user(client, s.keeper)
    response = post(client, s.b1, action="destroyed")
    [message] = get_messages(response.wsgi_request)
    assert f"{s.kept.identifier} 未在B 套其他光盘上完整保存" in str(message)
    response = post(client, s.b1, action="reburned", witness2="", replacements="X")
    *_, message = get_messages(response.wsgi_request)  # the first is still queued
    assert "光盘 X 不在光盘登记簿中" in str(message)
    assert Disc.objects.get(pk=s.b1.pk).disposal == ""


def test_officers_neither_see_nor_record(client, discs_scene):
    s = discs_scene
    officer = person_make("officer", s.gone.dossier.case.agency, "officer")
    as_user(client, officer)
    assert client.get(PAGE).status_code == 302  # away to the dashboard
    assert post(client, s.a1, action="destroyed").status_code == 302
    assert Disc.objects.get(pk=s.a1.pk).disposal == ""


def test_the_form_needs_its_csrf_token(discs_scene):
    from django.test import Client

    s = discs_scene
    client = Client(enforce_csrf_checks=True)
    client.force_login(s.keeper)
    assert post(client, s.a1, action="destroyed").status_code == 403
    assert Disc.objects.get(pk=s.a1.pk).disposal == ""


def _exported(s, disc) -> None:
    """Keep the disc's image on the server, as an export from the browser does."""
    export = DiscExport.objects.create(
        requested_by=s.keeper, media="cd", disc_set=disc.disc_set, status="done"
    )
    export.discs.add(disc)
    kept = disc_export_files(export, disc.disc_number)
    kept["iso"].parent.mkdir(parents=True)
    shutil.copy(s.out / f"{disc.disc_number}.iso", kept["iso"])


def test_the_image_of_a_disc_holding_destroyed_records_is_not_served(
    client, discs_scene
):
    s = discs_scene
    as_user(client, s.keeper)
    for disc, status in [(s.a1, 404), (s.a2, 200)]:
        _exported(s, disc)
        url = reverse("access_control:disc_file", args=[disc.pk, "iso"])
        assert client.get(url, {"purpose": "审核"}).status_code == status
