"""The 告知书: each is made when its event is recorded, from the facts then."""

import datetime as dt
import hashlib

import pytest
import time_machine

from access_control.disclosure.answers import answer_record
from access_control.disclosure.applications import (
    application_submit,
    event_record,
    receipt_confirm,
)
from access_control.disclosure.files import file_open
from access_control.disclosure.letters_text import REMEDY
from access_control.disclosure.models import (
    DisclosureConsultation,
    DisclosureCorrection,
    DisclosureFile,
    EventKind,
    Ground,
    Outcome,
    Status,
)
from access_control.disclosure.workflow import correction_request
from tests.access_control.disclosure.conftest import CHINA, applicant_fields
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
LATER = dt.datetime(2026, 11, 10, 9, tzinfo=CHINA)


def _text(letter: DisclosureFile) -> str:
    with file_open(letter) as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == letter.digest
    return pdf_text(data, squeeze=True)


def _letter_after(application, kind, by) -> tuple[DisclosureFile, str]:
    with time_machine.travel(LATER, tick=False):
        event = event_record(application, kind, by=by)
    letter = DisclosureFile.objects.get(
        application=application, kind=DisclosureFile.Kind.LETTER
    )
    assert letter.data["letter"] == kind
    assert letter.data["event"] == event.pk
    return letter, _text(letter)


def _common(application, text: str) -> None:
    assert application.agency.name in text
    assert application.number in text
    assert "2026年11月2日" in text  # received
    assert "2026年11月10日" in text  # the letter's date


def _correction(application, officer, **extra) -> DisclosureCorrection:
    return DisclosureCorrection.objects.create(
        application=application,
        notice="请写明处罚决定书的文号或作出日期。",
        requested_on=dt.date(2026, 11, 4),
        requested_by=officer,
        reply_by=dt.date(2026, 11, 20),
        **extra,
    )


def test_events_without_a_letter_make_none(received):
    application, _code = received
    assert not application.files.filter(kind=DisclosureFile.Kind.LETTER).exists()


def test_a_correction_notice_says_what_and_by_when(received, disclosure_officer):
    application, _code = received
    _correction(application, disclosure_officer)
    application.status = Status.AWAITING_CORRECTION
    application.save()
    letter, text = _letter_after(
        application, EventKind.CORRECTION_REQUESTED, disclosure_officer
    )
    _common(application, text)
    assert letter.title == "政府信息公开申请补正告知书"
    assert letter.data["public"] is True
    assert letter.created_by == disclosure_officer
    assert "李申请" in text
    assert "第三十条" in text
    assert "请写明处罚决定书的文号或作出日期。" in text
    assert "2026年11月20日" in text


def test_a_lapsed_correction_is_told_as_withdrawn(received, disclosure_officer):
    application, _code = received
    _correction(application, disclosure_officer, lapsed_on=dt.date(2026, 11, 23))
    application.status = Status.WITHDRAWN
    application.outcome, application.ground = Outcome.OTHER, Ground.OTHER_NO_CORRECTION
    application.save()
    letter, text = _letter_after(
        application, EventKind.CORRECTION_LAPSED, disclosure_officer
    )
    _common(application, text)
    assert "视为您放弃申请" in text
    assert "第三十条" in text
    assert letter.data["public"] is True


def test_an_extension_letter_gives_the_new_due_date(received, disclosure_head):
    application, _code = received
    application.extended_on = dt.date(2026, 11, 10)
    application.extended_by = disclosure_head
    application.extension_reason = "需调取多个年度的案卷档案"
    application.save()
    _letter, text = _letter_after(application, EventKind.EXTENDED, disclosure_head)
    _common(application, text)
    assert "第三十三条第二款" in text
    assert "需调取多个年度的案卷档案" in text
    # 40 working days after Mon 2 Nov 2026, no holiday on the way.
    assert "延长后的答复期限届满日为2026年12月28日" in text


def test_an_extension_into_an_unknown_year_says_the_date_will_follow(
    received, disclosure_head
):
    application, _code = received
    application.received_on = dt.date(2026, 12, 1)
    application.extended_on = dt.date(2026, 12, 10)
    application.save()
    _letter, text = _letter_after(application, EventKind.EXTENDED, disclosure_head)
    assert "届满日将另行告知" in text


def test_a_consultation_letter_goes_to_the_third_party_only(
    received, disclosure_officer
):
    application, _code = received
    DisclosureConsultation.objects.create(
        application=application,
        third_party="南京某餐饮管理有限公司",
        matter="处罚决定书中载明的经营数据",
        sent_on=dt.date(2026, 11, 10),
        reply_by=dt.date(2026, 12, 1),
        started_by=disclosure_officer,
    )
    letter, text = _letter_after(
        application, EventKind.CONSULTATION_STARTED, disclosure_officer
    )
    assert letter.data["public"] is False
    assert "南京某餐饮管理有限公司：" in text
    assert "第三十二条" in text
    assert "十五个工作日" in text
    assert "2026年12月1日" in text
    assert "李申请" not in text  # the applicant's identity stays with the desk


ANSWERS = [
    (Outcome.RELEASE, "", "第三十六条第（二）项"),
    (Outcome.PARTIAL, Ground.WITHHOLD_THIRD_PARTY, "第三十七条"),
    (Outcome.WITHHOLD, Ground.WITHHOLD_STATE_SECRET, "第十四条"),
    (Outcome.WITHHOLD, Ground.WITHHOLD_ENFORCEMENT_FILE, "第十六条第二款"),
    (Outcome.UNABLE, Ground.UNABLE_NEEDS_CREATION, "第三十八条"),
    (Outcome.NOT_PROCESSED, Ground.NOT_PROCESSED_REPEATED, "第三十六条第六项"),
]


@pytest.mark.parametrize(("outcome", "ground", "article"), ANSWERS)
def test_an_answer_letter_names_its_ground_and_the_remedies(
    received, disclosure_officer, outcome, ground, article
):
    application, _code = received
    application.status = Status.ANSWERED
    application.outcome, application.ground = outcome, ground
    application.answer_text = "详见所附材料。"
    application.answered_on = dt.date(2026, 11, 10)
    application.save()
    letter, text = _letter_after(application, EventKind.ANSWERED, disclosure_officer)
    _common(application, text)
    assert letter.title == "政府信息公开申请答复告知书"
    assert "李申请" in text
    assert article in text
    assert "详见所附材料。" in text
    assert "".join(REMEDY.split()) in text


def test_an_answer_of_another_agency_names_it(received, disclosure_officer):
    application, _code = received
    application.status = Status.ANSWERED
    application.outcome, application.ground = Outcome.UNABLE, Ground.UNABLE_NOT_HELD
    application.other_agency = "南京市市场监督管理局"
    application.answered_on = dt.date(2026, 11, 10)
    application.save()
    _letter, text = _letter_after(application, EventKind.ANSWERED, disclosure_officer)
    assert "负责公开该政府信息的机关为南京市市场监督管理局" in text
    assert "第三十六条第（五）项" in text
    assert "六个月内向人民法院提起行政诉讼" in text


def test_a_withholding_gives_its_reason_and_both_articles(received, disclosure_officer):
    application, _code = received
    application.status = Status.ANSWERED
    application.outcome = Outcome.WITHHOLD
    application.ground = Ground.WITHHOLD_STATE_SECRET
    application.answered_on = dt.date(2026, 11, 10)
    application.save()
    _letter, text = _letter_after(application, EventKind.ANSWERED, disclosure_officer)
    assert "不予公开的理由为：属于国家秘密。" in text
    assert "第十四条、第三十六条第（三）项的规定，本机关不予公开" in text


def _received_again(application, officer):
    """A second application, received the same day as the first."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 11, tzinfo=CHINA), tick=False):
        other, _code = application_submit(
            agency=application.agency, fields=applicant_fields()
        )
        receipt_confirm(other, by=officer, received_on=dt.date(2026, 11, 2))
    return other


def test_the_workflow_steps_leave_their_letters(received, disclosure_officer):
    application, _code = received
    other = _received_again(application, disclosure_officer)
    with time_machine.travel(LATER, tick=False):
        correction_request(
            application,
            by=disclosure_officer,
            notice="请写明文号。",
            reply_by=dt.date(2026, 11, 20),
        )
        answer_record(
            other,
            by=disclosure_officer,
            outcome=Outcome.NOT_PROCESSED,
            ground=Ground.NOT_PROCESSED_PETITION,
            text="您的申请属于投诉举报，请通过投诉举报渠道提出。",
        )
    notice = application.files.get(kind=DisclosureFile.Kind.LETTER)
    assert notice.data["letter"] == EventKind.CORRECTION_REQUESTED
    assert "请写明文号。" in _text(notice)
    text = _text(other.files.get(kind=DisclosureFile.Kind.LETTER))
    assert "第三十九条第一款" in text
    assert "".join(REMEDY.split()) in text
