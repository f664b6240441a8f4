import pytest
from django.urls import reverse

from access_control.models import AccessLogEntry
from dossiers.services import dossier_assemble, dossier_seal
from preservation.services.aips import package_write
from preservation.services.fixity import copy_audit


@pytest.fixture
def package(ingested_case, archivist):
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    package = package_write(dossier=dossier)
    copy_audit(package.copies.get(location="primary"))
    return package


def test_archivist_sees_packages_and_their_checks(client, archivist, package):
    client.force_login(archivist)
    assert package.identifier in client.get("/admin/package/").content.decode()
    html = client.get(reverse("package:inspect", args=[package.pk])).content.decode()
    assert "主存储" in html and "副本存储" in html and "完好" in html


def test_other_agency_sees_no_package(client, other_archivist, package):
    client.force_login(other_archivist)
    assert package.identifier not in client.get("/admin/package/").content.decode()
    response = client.get(reverse("package:inspect", args=[package.pk]))
    assert response.status_code == 404


def test_package_page_is_a_logged_read(client, archivist, package):
    client.force_login(archivist)
    response = client.get(reverse("package:inspect", args=[package.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(action="view_case")
    assert entry.user == archivist
    assert entry.case_number == package.dossier.case.case_number
    assert entry.object_repr == str(package)


def test_package_page_refused_to_another_agency_is_logged(
    client, other_archivist, package
):
    client.force_login(other_archivist)
    client.get(reverse("package:inspect", args=[package.pk]))
    assert AccessLogEntry.objects.get().action == "denied"


def test_sealed_dossier_links_to_its_package(client, archivist, package):
    client.force_login(archivist)
    html = client.get(reverse("dossier:inspect", args=[package.dossier.pk])).content
    assert reverse("package:inspect", args=[package.pk]) in html.decode()


def test_check_now_verifies_every_copy_and_shows_it(client, archivist, package):
    client.force_login(archivist)
    response = client.post(reverse("package:check", args=[package.pk]), follow=True)
    html = response.content.decode()
    assert "已开始校验全部副本" in html
    replica = package.copies.get(location="replica")
    assert replica.checks.count() == 1 and replica.last_outcome == "ok"
    assert "副本存储：最近校验" in html and "尚未校验" not in html


def test_other_agency_cannot_check(client, other_archivist, package):
    client.force_login(other_archivist)
    response = client.post(reverse("package:check", args=[package.pk]))
    assert response.status_code == 404
    assert not package.copies.get(location="replica").checks.exists()
