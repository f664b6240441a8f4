"""The officer's steps: 补正, third parties, extension, review and answer."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from access_control.disclosure import workflow
from access_control.disclosure.applications import deadline_for
from access_control.disclosure.models import (
    DisclosureLink,
    EventKind,
    Ground,
    Outcome,
    Status,
)
from access_control.disclosure.workflow import WorkflowError
from tests.access_control.disclosure.conftest import CHINA

pytestmark = pytest.mark.django_db
Decision = DisclosureLink.Decision


def on(year, month, day):
    """Travel to 10:00 China time on that day."""
    return time_machine.travel(
        dt.datetime(year, month, day, 10, tzinfo=CHINA), tick=False
    )


def fresh(application):
    application.refresh_from_db()
    return application


def test_a_correction_stops_the_clock_and_the_supplement_restarts_it(
    received, disclosure_officer
):
    application, _ = received
    with on(2026, 11, 4):
        workflow.correction_request(
            application,
            by=disclosure_officer,
            notice="请写明处罚决定书的文号或作出日期。",
            reply_by=dt.date(2026, 11, 20),
        )
    application = fresh(application)
    assert application.status == Status.AWAITING_CORRECTION
    assert application.due_on is None
    assert "需要补正" in mail.outbox[-1].subject
    with on(2026, 11, 10):
        workflow.supplement_submit(application, text="文号为宁市监罚〔2024〕12号。")
    application = fresh(application)
    assert application.status == Status.IN_PROGRESS
    # 20 working days from Tue 10 Nov 2026, that day not counted: Tue 8 Dec
    assert application.due_on == dt.date(2026, 12, 8)
    assert any("补正" in step for step in deadline_for(application).steps)


def test_only_one_correction_and_only_within_seven_working_days(
    received, disclosure_officer
):
    application, _ = received
    with on(2026, 11, 12), pytest.raises(WorkflowError, match="7 个工作日"):
        workflow.correction_request(
            application,
            by=disclosure_officer,
            notice="x",
            reply_by=dt.date(2026, 11, 30),
        )
    with on(2026, 11, 3):
        workflow.correction_request(
            application,
            by=disclosure_officer,
            notice="x",
            reply_by=dt.date(2026, 11, 30),
        )
        workflow.supplement_submit(fresh(application), text="补正")
        with pytest.raises(WorkflowError, match="一次"):
            workflow.correction_request(
                fresh(application),
                by=disclosure_officer,
                notice="y",
                reply_by=dt.date(2026, 11, 30),
            )


def test_no_supplement_by_the_date_is_treated_as_withdrawn(
    received, disclosure_officer
):
    application, _ = received
    with on(2026, 11, 3):
        workflow.correction_request(
            application,
            by=disclosure_officer,
            notice="x",
            reply_by=dt.date(2026, 11, 13),
        )
    with on(2026, 11, 16):
        with pytest.raises(WorkflowError, match="届满"):
            workflow.supplement_submit(fresh(application), text="迟到的补正")
        lapsed = workflow.corrections_lapse()
    assert lapsed == [application]
    application = fresh(application)
    assert application.status == Status.WITHDRAWN
    assert (application.outcome, application.ground) == (
        Outcome.OTHER,
        Ground.OTHER_NO_CORRECTION,
    )
    assert application.events.filter(kind=EventKind.CORRECTION_LAPSED).exists()


def test_a_third_party_consultation_is_not_counted(received, disclosure_officer):
    application, _ = received
    with on(2026, 11, 5):
        consultation = workflow.consultation_start(
            application,
            by=disclosure_officer,
            third_party="某餐饮有限公司",
            matter="是否同意公开处罚决定书中涉及贵公司经营数据的内容",
        )
    assert consultation.reply_by == dt.date(2026, 11, 26)  # 15 working days
    assert fresh(application).status == Status.CONSULTING
    with on(2026, 11, 11):
        workflow.consultation_end(consultation, by=disclosure_officer, opinion="object")
    application = fresh(application)
    assert application.status == Status.IN_PROGRESS
    # Thu 5 – Wed 11 Nov paused (5 working days): 30 Nov + 5 → Mon 7 Dec
    assert application.due_on == dt.date(2026, 12, 7)


def test_an_extension_needs_the_head(received, disclosure_officer, disclosure_head):
    application, _ = received
    with on(2026, 11, 20):
        workflow.extension_request(
            application, by=disclosure_officer, reason="涉及档案数量大"
        )
        with pytest.raises(WorkflowError, match="负责人"):
            workflow.extension_decide(application, by=disclosure_officer, approve=True)
        with pytest.raises(WorkflowError, match="一次"):
            workflow.extension_request(
                application, by=disclosure_officer, reason="再次"
            )
        workflow.extension_decide(application, by=disclosure_head, approve=True)
    application = fresh(application)
    assert application.extended_by == disclosure_head
    assert application.due_on == dt.date(2026, 12, 28)  # the 40th working day


def test_an_answer_needs_a_ground_of_its_own_kind(received, disclosure_officer):
    application, _ = received
    with on(2026, 11, 10):
        with pytest.raises(WorkflowError, match="理由"):
            workflow.answer_record(
                application,
                by=disclosure_officer,
                outcome=Outcome.WITHHOLD,
                ground=Ground.UNABLE_NOT_HELD,
                text="x",
            )
        workflow.answer_record(
            application,
            by=disclosure_officer,
            outcome=Outcome.UNABLE,
            ground=Ground.UNABLE_NOT_HELD,
            text="该信息由市生态环境局制作并保存。",
            other_agency="某市生态环境局",
        )
    application = fresh(application)
    assert application.status == Status.ANSWERED
    assert application.answered_on == dt.date(2026, 11, 10)
    assert application.due_on is None


def test_nothing_is_released_before_the_review(
    received, disclosure_officer, ordinary_case
):
    application, _ = received
    application.agency = ordinary_case.agency
    application.save(update_fields=["agency"])
    with on(2026, 11, 10):
        link = workflow.link_add(application, by=disclosure_officer, case=ordinary_case)
        with pytest.raises(WorkflowError, match="保密审查"):
            workflow.answer_record(
                application, by=disclosure_officer, outcome=Outcome.RELEASE, text="x"
            )
        with pytest.raises(WorkflowError, match="理由"):
            workflow.link_review(
                link, by=disclosure_officer, decision=Decision.WITHHOLD
            )
        workflow.link_review(link, by=disclosure_officer, decision=Decision.REDACT)
        with pytest.raises(WorkflowError, match="部分公开"):
            workflow.answer_record(
                application, by=disclosure_officer, outcome=Outcome.RELEASE, text="x"
            )
        with pytest.raises(WorkflowError, match="公开件"):
            workflow.answer_record(
                application, by=disclosure_officer, outcome=Outcome.PARTIAL, text="x"
            )


def test_a_case_of_another_agency_cannot_be_linked(
    received, disclosure_officer, ordinary_case, sample_agencies
):
    application, _ = received
    other = next(a for a in sample_agencies if a != ordinary_case.agency)
    application.agency = other
    application.save(update_fields=["agency"])
    with on(2026, 11, 10), pytest.raises(WorkflowError, match="不属于本机关"):
        workflow.link_add(application, by=disclosure_officer, case=ordinary_case)


def test_a_delivery_is_recorded_after_the_answer(received, disclosure_officer):
    application, _ = received
    with on(2026, 11, 10):
        with pytest.raises(WorkflowError, match="已答复"):
            workflow.delivery_record(
                application,
                by=disclosure_officer,
                method="post",
                delivered_on=dt.date(2026, 11, 10),
            )
        workflow.answer_record(
            application,
            by=disclosure_officer,
            outcome=Outcome.NOT_PROCESSED,
            ground=Ground.NOT_PROCESSED_PETITION,
            text="属于投诉举报，已转本机关投诉举报渠道处理。",
        )
        workflow.delivery_record(
            fresh(application),
            by=disclosure_officer,
            method="post",
            delivered_on=dt.date(2026, 11, 10),
            note="EMS 1234567890",
        )
    assert fresh(application).deliveries.get().note == "EMS 1234567890"


def test_the_daily_command_lapses_overdue_corrections(received, disclosure_officer):
    import json
    from io import StringIO

    from django.core.management import call_command

    application, _ = received
    with on(2026, 11, 3):
        workflow.correction_request(
            application,
            by=disclosure_officer,
            notice="x",
            reply_by=dt.date(2026, 11, 13),
        )
    out = StringIO()
    with on(2026, 11, 16):
        call_command("disclosure_daily", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "lapsed": [application.number],
        "due_undetermined": 0,
    }
    assert fresh(application).status == Status.WITHDRAWN


def _correction_asked(application, officer, reply_by=dt.date(2026, 11, 20)):
    with on(2026, 11, 4):
        workflow.correction_request(
            application, by=officer, notice="请写明文号", reply_by=reply_by
        )
    return fresh(application)


def test_a_paper_supplement_restarts_the_clock_from_the_day_it_came(
    received, disclosure_officer
):
    application = _correction_asked(received[0], disclosure_officer)
    # Posted, received Fri 13 Nov, recorded by the desk on Wed 18 Nov.
    with on(2026, 11, 18):
        correction = workflow.supplement_submit(
            application,
            text="文号见所附信函",
            by=disclosure_officer,
            received_on=dt.date(2026, 11, 13),
        )
    assert correction.supplied_on == dt.date(2026, 11, 13)
    application = fresh(application)
    assert application.status == Status.IN_PROGRESS
    # 20 working days from Fri 13 Nov 2026, that day not counted: Fri 11 Dec.
    assert application.due_on == dt.date(2026, 12, 11)
    event = application.events.get(kind=EventKind.SUPPLEMENTED)
    assert event.by == disclosure_officer
    assert event.data["received_on"] == "2026-11-13"


def test_a_paper_supplement_received_by_the_date_is_recorded_after_it(
    received, disclosure_officer
):
    application = _correction_asked(
        received[0], disclosure_officer, reply_by=dt.date(2026, 11, 13)
    )
    with on(2026, 11, 16):
        workflow.supplement_submit(
            application,
            text="补正",
            by=disclosure_officer,
            received_on=dt.date(2026, 11, 13),
        )
    assert fresh(application).correction.supplied_on == dt.date(2026, 11, 13)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 11, 3), "不能早于告知补正之日"),
        (dt.date(2026, 11, 11), "不能晚于今天"),
        (dt.date(2026, 11, 23), "届满"),
    ],
)
def test_a_paper_supplement_day_outside_notice_today_and_date_is_refused(
    received, disclosure_officer, day, message
):
    reply_by = dt.date(2026, 11, 20)
    application = _correction_asked(received[0], disclosure_officer, reply_by)
    today = (2026, 11, 24) if day > reply_by else (2026, 11, 10)
    with on(*today), pytest.raises(WorkflowError, match=message):
        workflow.supplement_submit(
            application, text="补正", by=disclosure_officer, received_on=day
        )
    application = fresh(application)
    assert application.status == Status.AWAITING_CORRECTION
    assert application.correction.supplied_on is None


def test_the_applicants_supplement_is_still_received_today_and_by_nobody(
    received, disclosure_officer
):
    application = _correction_asked(received[0], disclosure_officer)
    with on(2026, 11, 10):
        workflow.supplement_submit(application, text="补正", address="203.0.113.9")
    application = fresh(application)
    assert application.correction.supplied_on == dt.date(2026, 11, 10)
    event = application.events.get(kind=EventKind.SUPPLEMENTED)
    assert event.by is None
    assert event.data == {"attachments": 0, "address": "203.0.113.9"}
