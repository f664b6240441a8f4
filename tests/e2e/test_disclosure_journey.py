"""政府信息公开 from the application to the expired link, both sides in Chromium
(issue #13, "Proof").

An applicant files on the agency's public form and reads the 受理编号 and the
查询码 off the page; the agency's 信息公开工作人员 confirms the receipt on the
desk in the Wagtail admin and asks for a 补正; the applicant supplies it on the
status page, which then shows the new due date; the officer finds the case in
the archive from the application, links the material, records the 保密审查
区分处理后公开, confirms the proposed redactions on the release page, makes the
release, creates a download link and answers 部分公开; the applicant reads
已答复, fetches the 告知书 and the release (the redacted names are not in its
text), and after the link's last day is told since when it has expired and
gets nothing, on the status page and through the e-mailed token URL.

The case is a real ingest of the sample package with a natural person as a
second party and a witness's record that names them, so that the page has
something to propose. Nothing of the archive is mocked: the clock is moved
(time-machine, for the live server's thread too) so that every count stays
in a year the calendar knows, and mail goes to Django's locmem outbox.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from access_control.disclosure.models import DisclosureApplication
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose, Role
from preservation.services.ingest import package_ingest
from tests.access_control.disclosure.conftest import APPLICANT_ID, CHINA
from tests.access_control.disclosure.releases import (
    PERSON,
    PERSON_ADDRESS,
    PERSON_ID,
    SECRETS,
    WITNESS,
    text_pdf,
)
from tests.conftest import MAJOR
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.helpers import PASSWORD, login, public_site_ensure
from tests.pdf_text import pdf_text
from tests.preservation.builders import case_read, case_write, material_add, rebag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WITNESS_RECORD = "data/materials/investigation/16-证人询问笔录.pdf"
NOTICE = "请写明所需处罚决定书的案号或作出日期。"
SUPPLEMENT = "珠应急罚〔2025〕11号案的询问笔录"
# Mon 2 Nov 2026, China: every count below stays inside 2026.
FILED = dt.datetime(2026, 11, 2, 9, tzinfo=CHINA)
REPLY_BY = dt.date(2026, 11, 13)
SUPPLIED = dt.datetime(2026, 11, 4, 10, tzinfo=CHINA)
# The 20th working day after the supplement's day (Art. 30, 33): 11-05 … 12-02.
DUE = "2026-12-02"
ANSWERED = dt.datetime(2026, 11, 16, 10, tzinfo=CHINA)
LINK_DAYS = 3  # 11-16, 11-17, 11-18
EXPIRES = "2026-11-18"
FETCHED = dt.datetime(2026, 11, 17, 15, tzinfo=CHINA)
AFTER_EXPIRY = dt.datetime(2026, 11, 19, 9, tzinfo=CHINA)


@pytest.fixture
def case(example_bag, tmp_path):
    """The sample package, plus a natural person as party and a witness record.

    The added record's text names the person, their 身份证号, phone and
    address and the witness: what the release page should propose to cover.
    """
    bag = example_bag(MAJOR)
    document = case_read(bag)
    document["case"]["parties"].append(
        {
            "type": "natural_person",
            "name": PERSON,
            "id_number": PERSON_ID,
            "address": PERSON_ADDRESS,
        }
    )
    case_write(bag, document)
    record = text_pdf(tmp_path / "witness.pdf").read_bytes()
    material_add(
        bag,
        WITNESS_RECORD,
        record,
        title="证人询问笔录",
        witness=WITNESS,
        date="2025-02-11",
    )
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    return report.case


@pytest.fixture
def agency(case):
    public_site_ensure()
    call_command("disclosure_pages_setup", verbosity=0)
    return case.agency


@pytest.fixture
def officer(agency, person_with_role):
    return person_with_role(
        "e2e-gongkai", agency, Role.DISCLOSURE_OFFICER, password=PASSWORD
    )


@pytest.fixture
def desk(browser, request):
    """A second browser, the officer's, beside the applicant's `page`."""
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    desk = context.new_page()
    yield desk
    if getattr(request.node, "e2e_failed", False):
        desk.screenshot(path=f"/tmp/e2e-failure-{request.node.name}-desk.png")
    context.close()


# --- the applicant ---------------------------------------------------------------


def _apply(page, base: str, agency) -> tuple[str, str]:
    """File the application on the agency's form; the page shows number and code."""
    page.goto(f"{base}/gongkai-{agency.code.lower()}/shenqing/")
    page.get_by_label("公民").check()
    page.get_by_label("姓名或名称").fill("李申请")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(APPLICANT_ID)
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("电子邮箱").fill("li@example.cn")
    page.get_by_label("通信地址").fill("江苏省南京市玄武区北京东路41号")
    page.get_by_label("所需信息的名称").fill(
        "2025年对吉林省长白山建材有限公司的调查笔录"
    )
    page.get_by_label("网上下载").check()
    page.get_by_label("网上获取").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.get_by_test_id("application-number").inner_text()
    code = page.get_by_test_id("query-code").inner_text()
    return number, code


def _look_up(page, base: str, agency, number: str, code: str) -> None:
    """申请查询 with the number and the code (a fresh look-up each time)."""
    page.goto(f"{base}/gongkai-{agency.code.lower()}/chaxun/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name=f"申请 {number}")).to_be_visible()


def _download(page, link) -> bytes:
    with page.expect_download() as downloading:
        link.click()
    return Path(downloading.value.path()).read_bytes()


def _pdftotext(body: bytes, tmp_path: Path) -> str:
    return pdf_text(body)


# --- the officer -----------------------------------------------------------------


def _open_on_desk(desk, base: str, officer, number: str) -> None:
    """Sign in afresh, open the inbox and the application from it."""
    desk.context.clear_cookies()
    login(desk, base, officer.username, "/admin/archive/disclosure/")
    desk.get_by_test_id("disclosure-inbox").get_by_role("link", name=number).click()
    expect(desk.get_by_test_id("description")).to_be_visible()


def _done(desk, text: str) -> None:
    expect(desk.locator(".messages")).to_contain_text(text)


def _confirm_and_ask_correction(desk) -> None:
    receipt = desk.get_by_test_id("action-receipt")
    expect(receipt.get_by_label("收到申请日")).to_have_value("2026-11-02")
    receipt.get_by_role("button", name="确认收到").click()
    _done(desk, "已确认收到申请")
    correction = desk.get_by_test_id("action-correction")
    correction.get_by_label("需补正的事项").fill(NOTICE)
    correction.get_by_label("补正期限").fill(f"{REPLY_BY:%Y-%m-%d}")
    correction.get_by_role("button", name="发出补正告知").click()
    _done(desk, f"已告知补正，补正期限 {REPLY_BY:%Y-%m-%d}")
    expect(desk.get_by_test_id("deadline")).to_contain_text("待补正")


def _link_and_review(desk, case) -> None:
    """Find the case from the application, link the witness record, review it."""
    search = desk.get_by_test_id("match-search")
    search.get_by_label("检索档案").fill(case.case_number)
    search.get_by_role("button", name="检索").click()
    hits = desk.get_by_test_id("match-hits")
    row = hits.get_by_role("row").filter(has_text=case.case_number)
    row.get_by_label("材料").select_option(label="16. 证人询问笔录")
    row.get_by_role("button", name="关联").click()
    _done(desk, f"已关联案件 {case.case_number}的材料“证人询问笔录”")
    links = desk.get_by_test_id("links")
    links.get_by_label("保密审查结论").select_option(label="区分处理后公开")
    links.get_by_label("审查意见").fill("证人及自然人当事人的个人信息遮盖后公开")
    links.get_by_role("button", name="记录审查结论").click()
    _done(desk, "保密审查结论：区分处理后公开")
    expect(desk.get_by_test_id("review-decision")).to_contain_text("区分处理后公开")


def _make_release(desk) -> str:
    """Confirm the proposals, make the release, create a link; its token URL."""
    desk.get_by_role("link", name="制作公开件").click()
    form = desk.get_by_test_id("release-form")
    for label in (f"姓名：{PERSON}", f"身份证号：{PERSON_ID}", f"姓名：{WITNESS}"):
        expect(form.get_by_label(label)).to_be_checked()
    expect(form.get_by_label(f"地址：{PERSON_ADDRESS}")).to_be_checked()
    desk.get_by_test_id("release-make").click()
    _done(desk, "检查通过：用 pdftotext 提取全文，遮盖内容均不可提取")
    listing = desk.get_by_test_id("release-list")
    expect(listing).to_contain_text("（已检查）")
    listing.get_by_label("有效天数").fill(str(LINK_DAYS))
    listing.get_by_role("button", name="生成下载链接").click()
    _done(desk, f"有效期至 {EXPIRES}")
    message = desk.locator(".messages").inner_text()
    return re.search(r"https?://\S+/gongkai/download/[\w-]+/", message).group()


def _answer_partial(desk, base: str, application_pk: int) -> None:
    desk.goto(f"{base}/admin/archive/disclosure/{application_pk}/")
    answer = desk.get_by_test_id("action-answer")
    answer.get_by_label("答复类型").select_option(label="部分公开")
    answer.get_by_label("答复内容").fill(
        "所申请的询问笔录予以公开，其中涉及他人个人隐私的内容已作区分处理。"
    )
    answer.get_by_role("button", name="作出答复").click()
    _done(desk, "已作出答复：部分公开")
    expect(desk.get_by_test_id("answer")).to_contain_text("部分公开")


# --- the journey -----------------------------------------------------------------


def test_apply_correct_supplement_partial_release_download_and_expiry(
    live_server, page, desk, case, agency, officer, tmp_path
):
    base = live_server.url
    with time_machine.travel(FILED, tick=True) as clock:
        number, code = _filed_and_corrected(page, desk, base, agency, officer)
        clock.move_to(SUPPLIED)
        _supplied(page, base, agency, number, code)
        clock.move_to(ANSWERED)
        token_url = _answered(desk, base, officer, case, number)
        clock.move_to(FETCHED)
        _fetched(page, base, agency, number, code, tmp_path)
        clock.move_to(AFTER_EXPIRY)
        _expired(page, base, agency, number, code, token_url)


def _filed_and_corrected(page, desk, base, agency, officer) -> tuple[str, str]:
    number, code = _apply(page, base, agency)
    assert re.fullmatch(r"GK2026-\d{6}", number)
    assert len(mail.outbox) == 1 and number in mail.outbox[0].body
    _look_up(page, base, agency, number, code)
    expect(page.get_by_test_id("status")).to_have_text("待确认收到")

    _open_on_desk(desk, base, officer, number)
    expect(desk.get_by_test_id("applicant")).to_contain_text(APPLICANT_ID)
    application = DisclosureApplication.objects.get(number=number)
    looks = AccessLogEntry.objects.filter(
        user=officer, action=AccessAction.VIEW_APPLICATION
    )
    assert looks.filter(data__application=number).exists()
    assert {entry.reason for entry in looks} == {ReadPurpose.DISCLOSURE}
    _confirm_and_ask_correction(desk)
    application.refresh_from_db()
    assert application.received_on == FILED.date()
    return number, code


def _supplied(page, base, agency, number, code) -> None:
    _look_up(page, base, agency, number, code)
    expect(page.get_by_test_id("status")).to_have_text("待补正")
    notice = page.get_by_role("region", name="补正")
    expect(notice).to_contain_text(NOTICE)
    expect(notice).to_contain_text(f"{REPLY_BY:%Y-%m-%d}")
    expect(page.get_by_test_id("due")).to_have_text("补正后重新计算")
    page.get_by_label("补正内容").fill(SUPPLEMENT)
    page.get_by_role("button", name="提交补正").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    expect(page.get_by_test_id("due")).to_have_text(DUE)


def _answered(desk, base, officer, case, number) -> str:
    _open_on_desk(desk, base, officer, number)
    expect(desk.get_by_test_id("due")).to_have_text(DUE)
    expect(desk.locator("#correction ~ dl")).to_contain_text(SUPPLEMENT)
    application = DisclosureApplication.objects.get(number=number)
    _link_and_review(desk, case)
    token_url = _make_release(desk)
    _answer_partial(desk, base, application.pk)
    return token_url


def _fetched(page, base, agency, number, code, tmp_path) -> None:
    _look_up(page, base, agency, number, code)
    expect(page.get_by_test_id("status")).to_have_text("已答复")
    expect(page.locator("main")).to_contain_text("2026-11-16（部分公开）")
    letter = page.get_by_role("link", name=re.compile("答复告知书"))
    assert _download(page, letter).startswith(b"%PDF")

    release = page.get_by_role("link", name=re.compile(r"\.pdf$"))
    expect(page.locator("main")).to_contain_text(f"下载有效期至 {EXPIRES}")
    body = _download(page, release)
    assert body.startswith(b"%PDF")
    text = _pdftotext(body, tmp_path)
    assert number in text  # the watermark
    assert "本局依法作出处罚决定" in "".join(text.split())  # uncovered text stays
    for secret in SECRETS:
        assert secret not in "".join(text.split())
    downloads = AccessLogEntry.objects.filter(
        user=None,
        action=AccessAction.DOWNLOAD,
        reason=ReadPurpose.DISCLOSURE_DOWNLOAD,
        data__application=number,
    )
    assert downloads.count() == 2  # the letter and the release


def _expired(page, base, agency, number, code, token_url) -> None:
    _look_up(page, base, agency, number, code)
    expect(page.get_by_test_id("link-expired")).to_have_text(
        f"下载链接已于 {EXPIRES} 过期"
    )
    expect(page.get_by_role("link", name=re.compile(r"\.pdf$"))).to_have_count(0)
    before = AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD).count()
    response = page.goto(token_url)
    assert response.status == 410
    assert not response.body().startswith(b"%PDF")
    expect(page.get_by_test_id("link-expired")).to_contain_text(EXPIRES)
    assert AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD).count() == before
