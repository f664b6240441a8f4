"""Each action of the 信息公开 desk through its page (Django test client).

The clock travels into November 2026, whose working days chinese-calendar
knows (20 working days from then stay inside 2026).
"""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from access_control.disclosure.applications import application_submit
from access_control.disclosure.models import DisclosureFile, Status
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose, Role
from archive_site.admin.access_log_details import access_log_details
from search.services import case_search_record_refresh
from tests.access_control.disclosure.conftest import CHINA, applicant_fields
from tests.conftest import person_make

pytestmark = pytest.mark.django_db


def _at(day: int, month: int = 11):
    return time_machine.travel(
        dt.datetime(2026, month, day, 10, tzinfo=CHINA), tick=False
    )


def _post(client, application, action: str, data: dict):
    url = reverse("disclosure_action", args=[application.pk, action])
    return client.post(url, data, follow=True)


def _text(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(soup.stripped_strings)


def _testid(response, name: str):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.find(attrs={"data-testid": name})


def test_correction_is_asked_once_through_the_page(
    client, disclosure_officer, received
):
    application, _code = received
    client.force_login(disclosure_officer)
    with _at(4):
        done = _post(
            client,
            application,
            "correction",
            {"notice": "请写明处罚决定书的文号", "reply_by": "2026-11-20"},
        )
        assert "已告知补正，补正期限 2026-11-20" in _text(done)
        assert "待补正：答复期限自收到补正之日起重新计算" in _text(done)
        assert _testid(done, "action-correction") is None  # only one notice
        again = _post(
            client,
            application,
            "correction",
            {"notice": "再补正", "reply_by": "2026-11-25"},
        )
    assert "当前状态为“待补正”" in _text(again)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert application.correction.notice == "请写明处罚决定书的文号"


def test_a_consultation_stops_the_clock_until_the_opinion(
    client, disclosure_officer, received
):
    application, _code = received
    due = application.due_on
    client.force_login(disclosure_officer)
    with _at(4):
        started = _post(
            client,
            application,
            "consultation_start",
            {"third_party": "某餐饮管理有限公司", "matter": "是否同意公开处罚决定书"},
        )
    assert "已向某餐饮管理有限公司征求意见" in _text(started)
    consultation = application.consultations.get()
    with _at(10):
        ended = _post(
            client,
            application,
            "consultation_end",
            {
                "consultation": consultation.pk,
                "opinion": "object",
                "opinion_text": "涉及商业秘密",
                "replied_on": "2026-11-09",
            },
        )
    assert "已登记某餐饮管理有限公司的意见" in _text(ended)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.due_on > due
    assert _testid(ended, "due").text == f"{application.due_on:%Y-%m-%d}"


def test_the_extension_is_asked_by_the_officer_and_decided_by_the_head(
    client, disclosure_officer, disclosure_head, received
):
    application, _code = received
    client.force_login(disclosure_officer)
    with _at(20):
        asked = _post(
            client, application, "extension_request", {"reason": "需调取多个案卷"}
        )
        assert "已提交延期申请" in _text(asked)
        assert _testid(asked, "action-extension_decide") is None
        refused = _post(client, application, "extension_decide", {"verdict": "approve"})
        assert "只有信息公开工作机构负责人可以批准延长答复期限" in _text(refused)
        client.force_login(disclosure_head)
        home = client.get("/admin/")
        assert "延期申请待批准：需调取多个案卷" in _text(home)
        approved = _post(
            client, application, "extension_decide", {"verdict": "approve"}
        )
    application.refresh_from_db()
    assert application.extended_on == dt.date(2026, 11, 20)
    assert f"新的答复期限 {application.due_on:%Y-%m-%d}" in _text(approved)


@pytest.fixture
def matched(ingested_case):
    """An officer of the sample case's agency and an application handed in."""
    officer = person_make("gongkai", ingested_case.agency, Role.DISCLOSURE_OFFICER)
    case_search_record_refresh(case=ingested_case)
    with _at(2):
        application, _code = application_submit(
            agency=ingested_case.agency, fields=applicant_fields(), channel="in_person"
        )
    return officer, application, ingested_case


def test_search_link_review_answer_and_deliver(client, matched):
    officer, application, case = matched
    client.force_login(officer)
    page = reverse("disclosure_application", args=[application.pk])
    with _at(9):
        found = client.get(page, {"q": case.case_number})
        assert case.case_number in _text(found)
        assert _testid(found, "match-hits") is not None
        linked = _post(client, application, "link_add", {"case": case.pk})
        assert f"已关联案件 {case.case_number}" in _text(linked)
        link = application.links.get()
        first = _testid(linked, "link-materials").find("a")["href"]
        assert client.get(first).status_code == 200  # read for the review
        read = AccessLogEntry.objects.get(action=AccessAction.VIEW_CONTENT)
        assert read.reason == ReadPurpose.DISCLOSURE
        assert read.data["application"] == application.number
        unground = _post(
            client,
            application,
            "link_review",
            {"link": link.pk, "decision": "withhold", "ground": ""},
        )
        assert "不予公开的，请选择依据。" in _text(unground)
        reviewed = _post(
            client,
            application,
            "link_review",
            {
                "link": link.pk,
                "decision": "withhold",
                "ground": "withhold_enforcement_file",
                "note": "执法案卷",
            },
        )
        assert "保密审查结论：不予公开" in _text(reviewed)
        _answer_and_deliver(client, application)


def _answer_and_deliver(client, application):
    wrong = _post(
        client,
        application,
        "answer",
        {"outcome": "withhold", "ground": "unable_not_held", "text": "经审查……"},
    )
    assert "不属于答复类型“不予公开”" in _text(wrong)
    elsewhere = _post(
        client,
        application,
        "answer",
        {
            "outcome": "withhold",
            "ground": "withhold_enforcement_file",
            "text": "……",
            "other_agency": "某市市场监督管理局",
        },
    )
    assert "时才填写负责公开的机关" in _text(elsewhere)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    answered = _post(
        client,
        application,
        "answer",
        {
            "outcome": "withhold",
            "ground": "withhold_enforcement_file",
            "text": "所申请信息属于行政执法案卷信息。",
        },
    )
    assert "已作出答复：不予公开" in _text(answered)
    answer = " ".join(_testid(answered, "answer").stripped_strings)
    assert "不予公开（属于行政执法案卷（第十六条第二款））" in answer
    letter = application.files.filter(kind=DisclosureFile.Kind.LETTER).last()
    assert _testid(answered, "letters") is not None
    url = reverse("disclosure_file", args=[application.pk, letter.pk])
    assert client.get(url)["Content-Disposition"].startswith("attachment")
    entry = AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD).get()
    assert entry.reason == ReadPurpose.DISCLOSURE
    assert entry.data["application"] == application.number
    assert f"文件 {letter.file_name}" in access_log_details(entry.data)
    delivered = _post(
        client,
        application,
        "delivery",
        {"method": "post", "delivered_on": "2026-11-09", "note": "EMS1234"},
    )
    assert "已登记送达：邮寄，2026-11-09" in _text(delivered)


def test_a_material_link_is_removed(client, matched):
    officer, application, case = matched
    material = case.materials.order_by("sequence").first()
    client.force_login(officer)
    with _at(9):
        _post(
            client, application, "link_add", {"case": case.pk, "material": material.pk}
        )
        link = application.links.get()
        assert link.material == material
        removed = _post(client, application, "link_remove", {"link": link.pk})
    assert f"已取消关联 {case.case_number}" in _text(removed)
    assert not application.links.exists()


def test_the_panel_shows_receipts_and_the_overdue_in_red(
    client, disclosure_officer, received, submitted
):
    late, _code = received
    waiting, _code = submitted
    client.force_login(disclosure_officer)
    with _at(2, month=12):
        home = client.get("/admin/")
    panel = _testid(home, "todo-disclosure")
    assert f"{waiting.number} 待确认收到（网络）" in " ".join(panel.stripped_strings)
    overdue = panel.find("tr", attrs={"data-alert": "true"})
    assert late.number in overdue.text and "已逾期" in overdue.text


def test_an_answer_naming_the_agency_that_holds_it(
    client, disclosure_officer, received
):
    application, _code = received
    client.force_login(disclosure_officer)
    with _at(9):
        answered = _post(
            client,
            application,
            "answer",
            {
                "outcome": "unable",
                "ground": "unable_not_held",
                "text": "该信息由某市市场监督管理局负责公开。",
                "other_agency": "某市市场监督管理局",
            },
        )
    answer = " ".join(_testid(answered, "answer").stripped_strings)
    assert "无法提供" in answer and "负责公开的机关 某市市场监督管理局" in answer
    assert _testid(answered, "action-delivery") is not None


def test_a_releasable_link_leads_to_its_release_page(client, matched):
    officer, application, case = matched
    material = case.materials.order_by("sequence").first()
    client.force_login(officer)
    with _at(9):
        _post(
            client, application, "link_add", {"case": case.pk, "material": material.pk}
        )
        link = application.links.get()
        unreviewed = client.get(
            reverse("disclosure_application", args=[application.pk])
        )
        release = reverse("disclosure_release", args=[application.pk, link.pk])
        assert release not in unreviewed.content.decode()
        reviewed = _post(
            client, application, "link_review", {"link": link.pk, "decision": "redact"}
        )
    assert f'href="{release}"' in reviewed.content.decode()
