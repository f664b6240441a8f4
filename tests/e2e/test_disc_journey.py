"""An archivist makes an archival disc from the browser and downloads its manifest.

From the disc register the archivist starts an export of the agency's sealed
package, watches the job finish on its page, and downloads the disc's manifest
through the logged gate.
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.models import AccessLogEntry
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import Disc
from preservation.services.aips import package_write
from preservation.services.ingest import package_ingest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-password-光盘"


@pytest.fixture
def archivist(transactional_db, example_bag):
    report = package_ingest(source=example_bag())
    assert report.status == "accepted", report.errors
    user = get_user_model().objects.create_user("e2e-burner", password=PASSWORD)
    user.groups.add(
        archivist_role_ensure(), agency_archivists_group(report.case.agency)
    )
    dossier = dossier_seal(
        dossier=dossier_assemble(case=report.case), user=user, override_reason="测试"
    )
    user.package = package_write(dossier=dossier)
    return user


def test_archivist_exports_a_disc_and_downloads_its_manifest(
    live_server, page, archivist
):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/disc/")
    page.fill("#id_username", archivist.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/disc/")

    page.get_by_role("link", name="制作光盘").click()
    page.select_option("#id_media", "bd25")
    page.select_option("#id_disc_set", "A")
    page.get_by_test_id("disc-export-start").click()
    expect(page.get_by_test_id("export-status")).to_have_text("已完成")

    disc = Disc.objects.get()
    expect(page.get_by_test_id("export-discs")).to_contain_text(disc.disc_number)
    # A disc holds whole cases: the custodian says why before each download.
    page.get_by_test_id("download-manifest").click()
    form = page.get_by_test_id("disc-purpose-form")
    form.locator("input[value=移交]").check()
    with page.expect_download() as info:
        form.locator("button").click()
    download = info.value
    assert download.suggested_filename == f"{disc.disc_number}-manifest.json"
    manifest = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert manifest["contents"][0]["package"] == archivist.package.identifier

    entry = AccessLogEntry.objects.filter(reason="移交").get()
    assert entry.username == archivist.username
