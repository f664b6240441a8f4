"""政府信息公开 from the public's side, in a real browser (issue #13, "Proof").

One applicant, no JavaScript needed by the pages: from the home page to the
agency's form, a wrong check digit refused with its message in the error
summary, the corrected application filed and its 受理编号 and 查询码 shown;
申请查询 with them; the officer's 补正 notice (the desk's services, whose own
pages have their journey) answered on the status page with a text and a
file; the release downloaded through its link, and the same link after its
last day saying since when it has expired. The clock is moved for the whole
journey so that every count stays inside a year the calendar knows.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from access_control.disclosure.applications import receipt_confirm
from access_control.disclosure.downloads import download_link_create
from access_control.disclosure.files import file_store
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureFile,
    Status,
)
from access_control.disclosure.workflow import correction_request
from access_control.models import AccessLogEntry, ReadPurpose, Role
from tests.access_control.disclosure.conftest import APPLICANT_ID, CHINA
from tests.e2e.helpers import public_site_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
START = dt.datetime(2026, 11, 2, 9, tzinfo=CHINA)


@pytest.fixture
def agency(sample_agencies):
    public_site_ensure()
    call_command("disclosure_pages_setup", verbosity=0)
    return sample_agencies[0]


def _apply(page, live_server, agency, tmp_path) -> tuple[str, str]:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=f"{agency.name}政府信息公开").click()
    page.get_by_role("link", name="政府信息公开申请").click()
    page.get_by_label("公民").check()
    page.get_by_label("姓名或名称").fill("李申请")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(APPLICANT_ID[:-1] + "1")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("通信地址").fill("江苏省南京市玄武区北京东路41号")
    page.get_by_label("所需信息的名称").fill("2024年对某餐饮店的行政处罚决定书")
    page.get_by_label("网上下载").check()
    page.get_by_label("网上获取").check()
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("alert")).to_contain_text("居民身份证号码校验码应为 X")
    page.get_by_role("alert").get_by_role("link", name="证件号码").click()
    expect(page.get_by_label("证件号码")).to_be_focused()
    page.get_by_label("证件号码").fill(APPLICANT_ID)
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("附件（证件扫描件等）").set_input_files(scan)
    page.get_by_role("button", name="提交申请").click()

    number = page.get_by_test_id("application-number").inner_text()
    code = page.get_by_test_id("query-code").inner_text()
    page.get_by_role("link", name="前往申请查询").click()
    return number, code


def test_apply_follow_supplement_download_and_the_link_expires(
    live_server, page, agency, person_with_role, tmp_path
):
    officer = person_with_role("e2e-gongkai", agency, Role.DISCLOSURE_OFFICER)
    with time_machine.travel(START, tick=True) as clock:
        number, code = _apply(page, live_server, agency, tmp_path)
        assert re.fullmatch(r"GK2026-\d{6}", number)
        page.get_by_label("受理编号").fill(number)
        page.get_by_label("查询码").fill(code)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_test_id("status")).to_have_text("待确认收到")

        application = DisclosureApplication.objects.get(number=number)
        receipt_confirm(application, by=officer, received_on=START.date())
        correction_request(
            application,
            by=officer,
            notice="请写明处罚决定书的文号。",
            reply_by=dt.date(2026, 11, 13),
        )
        page.reload()
        expect(page.get_by_text("请写明处罚决定书的文号。")).to_be_visible()
        page.get_by_label("补正内容").fill("珠应急罚〔2024〕12号")
        extra = tmp_path / "补正.pdf"
        extra.write_bytes(PDF + b"%supplement\n")
        page.get_by_label("补正材料").set_input_files(extra)
        page.get_by_role("button", name="提交补正").click()
        expect(page.get_by_test_id("status")).to_have_text("办理中")
        application.refresh_from_db()
        assert application.status == Status.IN_PROGRESS

        release_path = tmp_path / "公开件.pdf"
        release_path.write_bytes(PDF + b"%release\n")
        release = file_store(
            application,
            kind=DisclosureFile.Kind.RELEASE,
            name="公开件.pdf",
            path=release_path,
            media_type="application/pdf",
        )
        download_link_create(application, release, by=officer, days=3)
        page.reload()
        with page.expect_download() as download:
            page.get_by_role("link", name="公开件.pdf").click()
        assert download.value.suggested_filename == "公开件.pdf"
        assert download.value.path().read_bytes() == PDF + b"%release\n"
        assert AccessLogEntry.objects.filter(
            reason=ReadPurpose.DISCLOSURE_DOWNLOAD
        ).exists()

        clock.move_to(START + dt.timedelta(days=3))
        page.get_by_role("button", name="退出查询").click()
        page.get_by_label("受理编号").fill(number)
        page.get_by_label("查询码").fill(code)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_test_id("link-expired")).to_have_text(
            "下载链接已于 2026-11-04 过期"
        )
