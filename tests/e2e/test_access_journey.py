"""The archive's door in a real browser (issue #12, "Proof").

Three journeys, each through the real login form, the real request and
decision pages and the content gate, against Django's live server:

1. an officer asks to read a record, the section head approves, the officer
   reads it within the period and is refused after it (time-machine moves the
   clock of the test process, and so of the live server's thread);
2. a supervisor's 调取: the chief cannot refuse it without a statutory ground,
   approves it, and the supervisor reads a photo through the gate;
3. a party's copy approved by the chief, made by the archivist, downloaded by
   the officer: the watermark is on every page and the original is unchanged.

Nothing of the archive is mocked; only the clock is moved.
"""

import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from access_control.copying import copies_dir
from access_control.models import (
    AccessAction,
    AccessCopy,
    AccessGrant,
    AccessLogEntry,
    AccessRequest,
    RequestStatus,
    Role,
)
from dossiers.codes import Form
from preservation.services.storage import object_open
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REQUEST_PATH = re.compile(r"/admin/archive/access/requests/(\d+)/$")


@pytest.fixture
def case(ordinary_case):
    """Journey 1 needs a case its section head decides, so an ordinary one."""
    return ordinary_case


@pytest.fixture
def people(case, person_with_role):
    agency = case.agency

    def person(username, role, **membership):
        return person_with_role(username, agency, role, password=PASSWORD, **membership)

    return {
        "officer": person("e2e-officer", Role.OFFICER),
        "head": person("e2e-head", Role.SECTION_HEAD, department=DEPARTMENT),
        "chief": person("e2e-chief", Role.CHIEF),
        "supervisor": person("e2e-supervisor", Role.SUPERVISOR),
        "archivist": person("e2e-archivist", Role.ARCHIVIST),
    }


def _pdf(case):
    return case.materials.filter(media_type="application/pdf").order_by("sequence")[0]


def _photo(case):
    return case.materials.filter(form=Form.PHOTO).order_by("sequence")[0]


def _gate(material) -> str:
    return reverse("access_control:material_content", args=[material.pk])


def _case_page(live_server, case) -> str:
    return f"{live_server.url}/admin/case/inspect/{case.pk}/"


def _switch_to(page, live_server, user, next_path: str = "/admin/") -> None:
    """Sign the browser out (a fresh cookie jar) and in again as `user`."""
    page.context.clear_cookies()
    login(page, live_server.url, user.username, next_path)


def _filed_request(page) -> AccessRequest:
    """The request whose page the browser was sent to after 提交申请."""
    page.wait_for_url(REQUEST_PATH)
    pk = int(REQUEST_PATH.search(page.url).group(1))
    return AccessRequest.objects.get(pk=pk)


def _open_from_dashboard(page, access_request) -> None:
    """An approver finds the request in the dashboard panel and opens it."""
    panel = page.get_by_test_id("todo-approvals")
    expect(panel.locator("h2")).to_contain_text("待我审批的查阅申请")
    expect(panel).to_contain_text(access_request.reason)
    panel.get_by_role("link", name=access_request.number).click()
    page.wait_for_url(f"**/admin/archive/access/requests/{access_request.pk}/")
    expect(page.get_by_test_id("request-status")).to_have_text("待审批")


def _decide(page, verdict: str, opinion: str, ground: str = "") -> None:
    form = page.get_by_test_id("decision-form")
    form.locator(f"input[name=verdict][value={verdict}]").check()
    form.locator("input[name=reason]").fill(opinion)
    if ground:
        form.locator("select[name=ground]").select_option(ground)
    page.get_by_test_id("decision-submit").click()
    page.wait_for_load_state()


def _reads(user, material):
    return AccessLogEntry.objects.filter(
        user=user, action=AccessAction.VIEW_CONTENT, object_id=str(material.pk)
    )


def _day_after(until: dt.date) -> dt.datetime:
    """Local noon of the day after the grant's last day."""
    noon = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(12))
    return timezone.make_aware(noon)


def test_officer_asks_head_approves_reads_within_the_period_and_not_after(
    live_server, page, case, people
):
    officer, head = people["officer"], people["head"]
    material = _pdf(case)
    login(page, live_server.url, officer.username, f"/admin/case/inspect/{case.pk}/")

    # 预览 without a grant: the gate's own refusal and a way to ask.
    page.get_by_test_id(f"preview-{material.sequence}").click()
    page.wait_for_url(re.compile(rf"\?preview={material.pk}"))
    refused = page.get_by_test_id("preview-refused")
    expect(refused).to_contain_text("没有有效的查阅授权")
    expect(page.get_by_test_id("preview").locator("iframe")).to_have_count(0)
    refused.get_by_role("link", name="申请查阅").click()

    # The request form, prefilled with the case and the material.
    page.wait_for_url(
        re.compile(
            rf"/admin/archive/access/requests/new/\?case={case.pk}"
            rf"&material={material.pk}$"
        )
    )
    form = page.get_by_test_id("request-form")
    expect(page.locator("main")).to_contain_text(case.case_number)
    expect(
        form.locator(f"input[name=materials][value='{material.pk}']")
    ).to_be_checked()
    expect(form.locator("select[name=kind]")).to_have_value("view")
    form.locator("input[name=reason]").fill("行政复议答复")
    page.get_by_test_id("request-submit").click()
    asked = _filed_request(page)
    assert asked.requester == officer and asked.status == RequestStatus.PENDING
    assert list(asked.materials.all()) == [material]
    expect(page.get_by_test_id("request-status")).to_have_text("待审批")
    expect(page.get_by_test_id("request-rule")).to_contain_text("科室负责人")
    expect(page.get_by_test_id("request-rule")).to_contain_text("004 §21")
    expect(page.get_by_test_id("decision-form")).to_have_count(0)  # not her own

    # The section head sees it on the dashboard and approves it.
    _switch_to(page, live_server, head)
    _open_from_dashboard(page, asked)
    _decide(page, "approve", "同意查阅，限本案复议使用")
    expect(page.get_by_test_id("request-status")).to_have_text("已批准")
    grant = AccessGrant.objects.get(request=asked)
    assert grant.user == officer
    assert grant.until == timezone.localdate() + dt.timedelta(days=asked.days - 1)
    expect(page.get_by_test_id("grant-until")).to_have_text(f"{grant.until:%Y-%m-%d}")

    # Within the period the preview loads through the gate, logged with the
    # request's number and 事由.
    _switch_to(page, live_server, officer, f"/admin/case/inspect/{case.pk}/")
    gate = _gate(material)
    with page.expect_response(lambda r: gate in r.url) as loaded:
        page.get_by_test_id(f"preview-{material.sequence}").click()
    assert loaded.value.status == 200
    assert loaded.value.all_headers()["content-type"] == "application/pdf"
    expect(page.get_by_test_id("preview").locator("iframe")).to_have_attribute(
        "src", re.compile(re.escape(gate))
    )
    reads = _reads(officer, material)
    assert reads.exists()
    for entry in reads:
        assert entry.reason == "行政复议答复"
        assert entry.data["request"] == asked.number
        assert entry.data["grant"] == grant.pk

    # The day after the grant's last day, the same preview is refused again.
    read_before = reads.count()
    with time_machine.travel(_day_after(grant.until), tick=True):
        page.goto(f"{_case_page(live_server, case)}?preview={material.pk}")
        refused = page.get_by_test_id("preview-refused")
        expect(refused).to_contain_text("到期")
        expect(refused).to_contain_text(asked.number)
        expect(page.get_by_test_id("preview").locator("iframe")).to_have_count(0)
        response = page.goto(f"{live_server.url}{gate}")
        assert response.status == 403
        expect(page.locator("main")).to_contain_text("到期")
    assert _reads(officer, material).count() == read_before
    denied = AccessLogEntry.objects.filter(
        user=officer, action=AccessAction.DENIED, object_id=str(material.pk)
    )
    assert "到期" in denied.latest("sequence").reason


def test_supervisor_retrieval_cannot_be_refused_without_a_ground(
    live_server, page, case, people
):
    supervisor, chief = people["supervisor"], people["chief"]
    photo = _photo(case)
    login(
        page,
        live_server.url,
        supervisor.username,
        "/admin/archive/access/requests/new/",
    )

    # A 调取 by 案号: the supervisor types it, the form has no case yet.
    form = page.get_by_test_id("request-form")
    form.locator("input[name=case_number]").fill(case.case_number)
    form.locator("select[name=kind]").select_option("retrieval")
    form.locator("input[name=reason]").fill("执法监督检查")
    page.get_by_test_id("request-submit").click()
    asked = _filed_request(page)
    assert asked.case == case and asked.kind == "retrieval"
    expect(page.get_by_test_id("request-rule")).to_contain_text("主要负责人")
    expect(page.get_by_test_id("request-rule")).to_contain_text("001 §25")

    # The chief cannot refuse it without a statutory ground; nothing changes.
    _switch_to(page, live_server, chief)
    _open_from_dashboard(page, asked)
    _decide(page, "refuse", "暂不提供")
    expect(page.locator(".messages")).to_contain_text("调取只能以法定事由拒绝")
    expect(page.get_by_test_id("request-status")).to_have_text("待审批")
    asked.refresh_from_db()
    assert asked.status == RequestStatus.PENDING
    assert not AccessGrant.objects.filter(request=asked).exists()

    # … and approves it.
    _decide(page, "approve", "同意调取")
    expect(page.get_by_test_id("request-status")).to_have_text("已批准")
    grant = AccessGrant.objects.get(request=asked)
    assert grant.user == supervisor

    # The supervisor follows the request to the case and views a photo.
    _switch_to(
        page, live_server, supervisor, f"/admin/archive/access/requests/{asked.pk}/"
    )
    page.get_by_test_id("open-case").click()
    page.wait_for_url(f"**/admin/case/inspect/{case.pk}/")
    gate = _gate(photo)
    with page.expect_response(lambda r: gate in r.url) as loaded:
        page.get_by_test_id(f"preview-{photo.sequence}").click()
    assert loaded.value.status == 200
    assert loaded.value.all_headers()["content-type"] == photo.media_type
    image = page.get_by_test_id("preview").locator("img")
    expect(image).to_have_attribute("src", re.compile(re.escape(gate)))
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    reads = _reads(supervisor, photo)
    assert reads.exists()
    assert {(e.reason, e.data["request"]) for e in reads} == {
        ("执法监督检查", asked.number)
    }


def test_party_copy_approved_downloaded_watermarked_original_unchanged(
    live_server, page, case, people
):
    officer, chief, archivist = people["officer"], people["chief"], people["archivist"]
    material = _pdf(case)
    with object_open(material.digest) as stored:
        before = hashlib.sha256(stored.read()).hexdigest()
    assert before == material.digest

    # The officer asks a party's copy of the PDF from the request form.
    login(page, live_server.url, officer.username)
    page.goto(
        f"{live_server.url}/admin/archive/access/requests/new/"
        f"?case={case.pk}&material={material.pk}"
    )
    form = page.get_by_test_id("request-form")
    form.locator("select[name=kind]").select_option("copy")
    form.locator("input[name=for_party]").check()
    form.locator("input[name=reason]").fill("当事人申请复制")
    page.get_by_test_id("request-submit").click()
    asked = _filed_request(page)
    assert asked.kind == "copy" and asked.for_party
    expect(page.get_by_test_id("request-rule")).to_contain_text("主要负责人")
    expect(page.get_by_test_id("request-rule")).to_contain_text("003 §28")

    # The chief approves it.
    _switch_to(page, live_server, chief)
    _open_from_dashboard(page, asked)
    _decide(page, "approve", "同意为当事人复制")
    expect(page.get_by_test_id("request-status")).to_have_text("已批准")

    # The archivist makes the copy where the archive serves copies from.
    call_command(
        "access_copy", asked.number, by=archivist.username, out=copies_dir(asked.number)
    )
    copy = AccessCopy.objects.get(grant__request=asked)

    # The officer downloads it in the browser.
    _switch_to(
        page, live_server, officer, f"/admin/archive/access/requests/{asked.pk}/"
    )
    url = live_server.url + reverse("access_control:copy_download", args=[copy.pk])
    with page.expect_download() as downloading:
        page.evaluate("url => { window.location.href = url; }", url)
    download = downloading.value
    assert download.suggested_filename == copy.file_name == f"复制件-{asked.number}.zip"
    body = Path(download.path()).read_bytes()
    assert hashlib.sha256(body).hexdigest() == copy.sha256
    logged = AccessLogEntry.objects.get(
        user=officer, action=AccessAction.DOWNLOAD, object_id=str(copy.pk)
    )
    assert logged.reason == "当事人申请复制"
    assert logged.data == {"copy": copy.pk, "request": asked.number}

    # The zip holds the PDF, watermarked on every page.
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        (pdf_name,) = [n for n in names if n.endswith(material.path.rsplit("/", 1)[-1])]
        watermarked = archive.read(pdf_name)
    assert "manifest-sha256.txt" in names
    pdf = pypdf.PdfReader(io.BytesIO(watermarked))
    assert len(pdf.pages) >= 1
    for number, pdf_page in enumerate(pdf.pages, 1):
        text = pdf_page.extract_text()
        for shown in ("复制件", officer.username, case.agency.name, asked.number):
            assert shown in text, f"page {number} lacks {shown}"

    # The original in storage is byte for byte what was archived.
    material.refresh_from_db()
    with object_open(material.digest) as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == before == material.digest
    assert hashlib.sha256(watermarked).hexdigest() != before
