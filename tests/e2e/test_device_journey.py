"""Recording devices to AV compliance in Chromium (issue #16, "Proof"):
register a device → issue it → ingest a case recorded with it → the
compliance report and a statistics chart → XLSX.

The agency's archivist registers body camera ZFJLY-0015 from 记录设备 and
issues it to 吴婷 on the morning of the sample case's on-site inspection. The
sample package is then ingested: its video was made by 吴婷 with ZFJLY-0015
(issued to her: no device problem), its two photos with ZFJLY-0027 and
ZFJLY-0007 (never registered: `device_unregistered` twice). The 音像记录合规
report counts exactly that for 吴婷, the 统计分析 chart of AV compliance draws
it, and the report's XLSX carries the same counts. Nothing is mocked.
"""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dossiers.devices.models import Device, DeviceLoan
from dossiers.models import Agency
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR, person_make
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The agency of the sample package `MAJOR` (衡阳市珠晖区应急管理局).
AGENCY_CODE = "11430405MB1234567X"
DEVICES = "/admin/archive/devices/"
REPORT = "/admin/archive/av-compliance/"


@pytest.fixture
def scene(transactional_db):
    agency = Agency.objects.get(code=AGENCY_CODE)
    keeper = person_make(
        "e2e-keeper", agency, "archivist", password=PASSWORD, last_name="王立"
    )
    officer = person_make(
        "e2e-wuting", agency, "officer", last_name="吴", first_name="婷"
    )
    return agency, keeper, officer


def _done(page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _register_and_issue(page, base: str, agency, officer) -> Device:
    login(page, base, "e2e-keeper", DEVICES)
    expect(page.get_by_test_id("devices")).to_contain_text("尚未登记设备")
    page.get_by_role("link", name="登记设备").click()
    page.select_option("#id_agency", str(agency.pk))
    page.fill("#id_code", "ZFJLY-0015")
    page.select_option("#id_kind", label="执法记录仪")
    page.fill("#id_model", "DSJ-V9")
    page.fill("#id_section", "执法一科")
    page.get_by_role("button", name="保存").click()
    _done(page, "已登记设备 ZFJLY-0015")
    form = page.get_by_test_id("form-issue")
    form.locator("#id_issue-user").select_option(str(officer.pk))
    form.locator("#id_issue-issued_at").fill("2025-02-10T08:00")
    form.locator("#id_issue-battery").fill("100%")
    form.get_by_role("button", name="登记领用").click()
    _done(page, "已登记领用")
    expect(page.get_by_test_id("holder")).to_contain_text("吴婷，2025-02-10 08:00 领用")
    return Device.objects.get(code="ZFJLY-0015")


def _officer_row(page, name: str):
    return page.get_by_test_id("report").first.locator("tr", has_text=name)


def test_register_issue_ingest_report_chart_and_xlsx(
    live_server, page, scene, example_bag
):
    agency, _keeper, officer = scene
    base = live_server.url
    device = _register_and_issue(page, base, agency, officer)
    assert DeviceLoan.objects.get(device=device).user == officer

    report = package_ingest(source=example_bag(MAJOR))
    assert report.status == "accepted", report.errors
    codes = {f["code"] for f in report.findings}
    assert "device_unregistered" in codes and "device_not_issued" not in codes

    page.goto(f"{base}{REPORT}?agency={agency.pk}&year=2025")
    row = _officer_row(page, "吴婷")
    # 音像记录数 3, 设备未登记 2, 设备未领用给制作人 0.
    expect(row.locator("td").nth(2)).to_have_text("3")
    expect(row.locator("td").nth(3)).to_have_text("2")
    expect(row.locator("td").nth(4)).to_have_text("0")

    with page.expect_download() as downloading:
        page.get_by_role("link", name="导出 XLSX").click()
    download = downloading.value
    assert download.suggested_filename == "av-compliance-2025.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))["按执法人员"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["吴婷"][2:5] == (3, 2, 0)

    page.goto(f"{base}/admin/archive/stats/av/")
    expect(page.locator(".stats-figure svg").first).to_be_visible()
    expect(page.locator(".stats-figure table").last).to_contain_text("吴婷")
