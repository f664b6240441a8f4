"""An archivist's day in a real browser: log in, upload a package, read the case.

Runs Django's live server with the sample major-penalty package from
../shared/examples and drives Debian's Chromium through Playwright. Every read of
a record must pass the content gate and leave an access-log entry.
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.models import AccessLogEntry
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Agency, Case
from tests.conftest import EXAMPLES, MAJOR
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path("/tmp/e2e-case.png")
STAGE_LABELS = ("程序启动", "调查取证", "审查决定", "送达执行", "归档管理")


def _screenshot_whole_page(page, path: Path) -> None:
    """Wagtail scrolls inside <main>, so grow the viewport to show all of it."""
    viewport = page.viewport_size
    height = page.evaluate("document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, 600)})
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)


def _user(username: str, *groups):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(*groups)
    return user


@pytest.fixture
def sample_agency(transactional_db) -> Agency:
    """The agency that produced the sample package, known before the upload."""
    case = json.loads((EXAMPLES / MAJOR / "data" / "case.json").read_text("utf-8"))
    return Agency.objects.get(code=case["case"]["agency"]["code"])


@pytest.fixture
def sample_zip(tmp_path) -> Path:
    """The sample package zipped with the bag as the archive's only top folder."""
    archive = shutil.make_archive(str(tmp_path / MAJOR), "zip", EXAMPLES, MAJOR)
    return Path(archive)


def test_archivist_uploads_reads_and_previews_through_the_gate(
    live_server, page, sample_agency, sample_zip
):
    user = _user(
        "e2e-archivist",
        archivist_role_ensure(),
        agency_archivists_group(sample_agency),
    )
    login(page, live_server.url, user.username, "/admin/archive/upload/")

    # The upload page is in the menu and takes the zip.
    expect(page.locator("h1")).to_contain_text("接收提交包")
    page.set_input_files("input[type=file][name=package]", str(sample_zip))
    page.click("[data-testid=upload-submit]")

    # The ingest report says accepted and links to the new case.
    page.wait_for_url(re.compile(r"/admin/ingestreport/inspect/\d+/"))
    expect(page.get_by_test_id("ingest-status")).to_have_text("已接收")
    case = Case.objects.get()
    assert case.agency == sample_agency
    page.get_by_test_id("case-link").click()
    page.wait_for_url(f"**/admin/case/inspect/{case.pk}/")

    expect(page.get_by_test_id("case-number")).to_have_text(case.case_number)
    for label in STAGE_LABELS:
        expect(
            page.locator("[data-testid=materials] h3", has_text=label)
        ).to_be_visible()
    report = page.get_by_test_id("four-property-report")
    expect(report.locator("h2")).to_have_text("四性检测报告")
    expect(report).to_contain_text(f"{MAJOR}.zip")
    _screenshot_whole_page(page, SCREENSHOT)

    # A custodian reads content for a reason of their own, asked once per case.
    page.get_by_test_id("purpose-审核").check()
    page.get_by_test_id("purpose-submit").click()
    page.wait_for_url(f"**/admin/case/inspect/{case.pk}/")
    expect(page.get_by_test_id("purpose-form")).to_have_count(0)

    # 预览 of a PDF embeds the gate URL; the browser fetches it inline.
    material = case.materials.get(sequence=1)
    assert material.media_type == "application/pdf"
    gate_path = f"/records/materials/{material.pk}/content/"
    with page.expect_response(lambda r: gate_path in r.url) as gate:
        page.get_by_test_id(f"preview-{material.sequence}").click()
    response = gate.value
    headers = response.all_headers()
    assert response.status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["content-disposition"].startswith("inline;")
    expect(page.get_by_test_id("preview").locator("iframe")).to_have_attribute(
        "src", re.compile(re.escape(gate_path))
    )

    # The entry was committed before the first byte left; a PDF viewer may ask
    # again (ranges), so there is at least one.
    entries = AccessLogEntry.objects.filter(
        user=user, action="view_content", object_id=str(material.pk)
    )
    assert entries.exists()
    assert {e.case_number for e in entries} == {case.case_number}
    assert {e.reason for e in entries} == {"审核"}


def test_archivist_of_another_agency_gets_404_and_is_logged(
    live_server, page, ingested_case
):
    other = Agency.objects.create(
        name="通化市应急管理局", code="11220500MB0000000X", fonds="J099"
    )
    user = _user(
        "e2e-outsider", archivist_role_ensure(), agency_archivists_group(other)
    )
    login(page, live_server.url, user.username, "/admin/case/")
    expect(page.locator("body")).not_to_contain_text(ingested_case.case_number)

    response = page.goto(f"{live_server.url}/admin/case/inspect/{ingested_case.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(ingested_case.case_number)
    denied = AccessLogEntry.objects.get(user=user)
    assert denied.action == "denied"
    assert denied.data["path"] == f"/admin/case/inspect/{ingested_case.pk}/"
