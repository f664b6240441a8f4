"""The officer's work on an application, step by step, each with its article.

Every step locks the application row, checks that the step is allowed in
the application's state, updates it, recomputes the due date and records an
event *after* the update (the letters are made from the event and read the
updated application). A refused step raises `WorkflowError` with a message
in Chinese and changes nothing.

- 补正 (Art. 30): one notice, within 7 working days of receipt, with a date
  by which to supply; the period starts again from the supplement's receipt;
  no supplement by that date → treated as withdrawn (`corrections_lapse`).
- Third parties (Art. 32): 15 working days to answer; the days between
  sending and the answer (or the date set) are not counted (Art. 33 ¶3).
- Extension (Art. 33 ¶2): asked for by an officer, approved or refused by
  the head of the 信息公开工作机构; 20 more working days.
- 保密审查: every linked case or material gets a decision before an answer
  that releases anything; a withheld one names its ground.
- Answers (Art. 36) with a ground from the annual report's list.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

# The answer's steps live in `answers`; the desk imports every step from here.
from access_control.disclosure.answers import (
    answer_record,
    delivery_record,
    link_add,
    link_remove,
    link_review,
)
from access_control.disclosure.applications import due_refresh, event_record
from access_control.disclosure.files import attachment_store
from access_control.disclosure.mail import applicant_notify
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureConsultation,
    DisclosureCorrection,
    DisclosureFile,
    EventKind,
    Ground,
    Outcome,
    Status,
)
from access_control.disclosure.selectors import is_desk_head
from access_control.disclosure.steps import (
    WorkflowError,
    locked,
    require,
    text_required,
)
from dossiers.workdays import CalendarUnknown, nth_working_day

__all__ = [
    "WorkflowError",
    "answer_record",
    "consultation_end",
    "consultation_start",
    "correction_request",
    "corrections_lapse",
    "delivery_record",
    "disclosure_daily",
    "extension_decide",
    "extension_request",
    "link_add",
    "link_remove",
    "link_review",
    "supplement_submit",
]

CORRECTION_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Art. 32


@transaction.atomic
def correction_request(
    application: DisclosureApplication, *, by, notice: str, reply_by: dt.date
) -> DisclosureCorrection:
    """Ask the applicant, once, to make the application clear (Art. 30)."""
    application = locked(application)
    require(application, Status.IN_PROGRESS)
    if DisclosureCorrection.objects.filter(application=application).exists():
        raise WorkflowError("补正只能告知一次（第三十条：一次性告知）。")
    notice = text_required(notice, "需要补正的事项")
    today = timezone.localdate()
    if reply_by <= today:
        raise WorkflowError("补正期限应晚于今天。")
    _notice_in_time(application, today)
    correction = DisclosureCorrection.objects.create(
        application=application,
        notice=notice,
        requested_on=today,
        requested_by=by,
        reply_by=reply_by,
    )
    application.status = Status.AWAITING_CORRECTION
    application.save(update_fields=["status"])
    due_refresh(application)
    event_record(
        application,
        EventKind.CORRECTION_REQUESTED,
        by=by,
        note=notice,
        data={"reply_by": reply_by.isoformat()},
    )
    applicant_notify(
        application,
        "需要补正",
        f"请于 {reply_by:%Y年%m月%d日} 前在申请查询页面补正：{notice}",
    )
    return correction


def _notice_in_time(application: DisclosureApplication, today: dt.date) -> None:
    try:
        last = nth_working_day(application.received_on, CORRECTION_NOTICE_DAYS)
    except CalendarUnknown:
        return  # the limit cannot be judged: not refused on a guess
    if today > last:
        raise WorkflowError(
            f"补正应自收到申请之日起 7 个工作日内一次性告知（第三十条），"
            f"本申请的告知期限已于 {last:%Y年%m月%d日} 届满。"
        )


@transaction.atomic
def supplement_submit(
    application: DisclosureApplication,
    *,
    text: str,
    attachments=(),
    address: str | None = None,
    by=None,
    received_on: dt.date | None = None,
) -> DisclosureCorrection:
    """The supplement; the period starts again from the day it came (Art. 30).

    The applicant supplies it on the status page (`by` None, received today);
    one that came on paper or by post is recorded by the desk (`by`) with
    the day it was received: not before the notice, not after today, not
    after `reply_by`.
    """
    application = locked(application)
    require(application, Status.AWAITING_CORRECTION)
    correction = application.correction
    received_on = _supplement_day(correction, received_on)
    text = (text or "").strip()
    if not text and not attachments:
        raise WorkflowError("请填写补正内容或上传补正材料。")
    for name, path in attachments:
        kind = DisclosureFile.Kind.SUPPLEMENT
        attachment_store(application, name=name, path=path, kind=kind, by=by)
    correction.supplement, correction.supplied_on = text, received_on
    correction.supplied_at = timezone.now()
    correction.save(update_fields=["supplement", "supplied_at", "supplied_on"])
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["status"])
    due_refresh(application)
    data = {"attachments": len(attachments), "address": address or ""}
    if by is not None:
        data["received_on"] = received_on.isoformat()
    event_record(application, EventKind.SUPPLEMENTED, by=by, note=text, data=data)
    return correction


def _supplement_day(correction: DisclosureCorrection, received_on) -> dt.date:
    """The day the supplement counts as received, or a refusal."""
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise WorkflowError("收到补正日不能晚于今天。")
    if received_on < correction.requested_on:
        raise WorkflowError(
            f"收到补正日不能早于告知补正之日（{correction.requested_on:%Y年%m月%d日}）。"
        )
    if received_on > correction.reply_by:
        raise WorkflowError(
            f"补正期限已于 {correction.reply_by:%Y年%m月%d日} 届满，不能再补正。"
        )
    return received_on


def corrections_lapse(*, today: dt.date | None = None) -> list[DisclosureApplication]:
    """Treat as withdrawn the applications whose 补正 date passed unanswered."""
    today = today or timezone.localdate()
    due = DisclosureCorrection.objects.filter(
        supplied_on__isnull=True,
        lapsed_on__isnull=True,
        reply_by__lt=today,
        application__status=Status.AWAITING_CORRECTION,
    ).values_list("application_id", flat=True)
    lapsed = []
    for pk in list(due):
        with transaction.atomic():
            application = locked(DisclosureApplication(pk=pk))
            if application.status != Status.AWAITING_CORRECTION:
                continue
            _lapse(application, today)
            lapsed.append(application)
    return lapsed


def _lapse(application: DisclosureApplication, today: dt.date) -> None:
    DisclosureCorrection.objects.filter(application=application).update(lapsed_on=today)
    application.status = Status.WITHDRAWN
    application.outcome = Outcome.OTHER
    application.ground = Ground.OTHER_NO_CORRECTION
    application.answered_on = today
    application.save(update_fields=["status", "outcome", "ground", "answered_on"])
    due_refresh(application)
    event_record(application, EventKind.CORRECTION_LAPSED)


@transaction.atomic
def consultation_start(
    application: DisclosureApplication, *, by, third_party: str, matter: str
) -> DisclosureConsultation:
    """Ask a third party's opinion (Art. 32); its days stop the clock."""
    application = locked(application)
    require(application, Status.IN_PROGRESS, Status.CONSULTING)
    today = timezone.localdate()
    try:
        reply_by = nth_working_day(today, CONSULTATION_DAYS)
    except CalendarUnknown as exc:
        raise WorkflowError(
            f"{exc.year} 年的节假日安排尚未收录，无法计算第三方 15 个工作日的"
            "答复期限；请先更新节假日数据（chinese-calendar）。"
        ) from exc
    consultation = DisclosureConsultation.objects.create(
        application=application,
        third_party=text_required(third_party, "第三方名称"),
        matter=text_required(matter, "征求意见事项"),
        sent_on=today,
        reply_by=reply_by,
        started_by=by,
    )
    application.status = Status.CONSULTING
    application.save(update_fields=["status"])
    due_refresh(application)
    event_record(
        application,
        EventKind.CONSULTATION_STARTED,
        by=by,
        data={"consultation": consultation.pk, "reply_by": reply_by.isoformat()},
    )
    return consultation


@transaction.atomic
def consultation_end(
    consultation: DisclosureConsultation,
    *,
    by,
    opinion: str,
    opinion_text: str = "",
    replied_on: dt.date | None = None,
) -> DisclosureConsultation:
    """Record the third party's answer (or its silence) and restart the clock."""
    application = locked(consultation.application)
    consultation = DisclosureConsultation.objects.get(pk=consultation.pk)
    if consultation.replied_on is not None:
        raise WorkflowError("该第三方意见已经登记。")
    today = timezone.localdate()
    replied_on = replied_on or today
    if not consultation.sent_on <= replied_on <= today:
        raise WorkflowError("收到意见日应在发出征求意见之日与今天之间。")
    if opinion not in {"agree", "object", "none"}:
        raise WorkflowError("请选择第三方意见。")
    consultation.replied_on = replied_on
    consultation.opinion = opinion
    consultation.opinion_text = opinion_text.strip()
    consultation.save(update_fields=["replied_on", "opinion", "opinion_text"])
    if not application.consultations.filter(replied_on__isnull=True).exists():
        application.status = Status.IN_PROGRESS
        application.save(update_fields=["status"])
    due_refresh(application)
    event_record(
        application,
        EventKind.CONSULTATION_ENDED,
        by=by,
        note=consultation.get_opinion_display(),
        data={"consultation": consultation.pk},
    )
    return consultation


@transaction.atomic
def extension_request(
    application: DisclosureApplication, *, by, reason: str
) -> DisclosureApplication:
    """Ask the head of the 信息公开工作机构 for 20 more working days."""
    application = locked(application)
    require(application, Status.IN_PROGRESS, Status.CONSULTING)
    if application.extended_on or application.extension_requested_on:
        raise WorkflowError("延长答复期限只能申请一次（第三十三条第二款）。")
    if application.due_on and timezone.localdate() > application.due_on:
        raise WorkflowError("答复期限已经届满，不能再申请延期。")
    application.extension_reason = text_required(reason, "延期理由")
    application.extension_requested_on = timezone.localdate()
    application.extension_requested_by = by
    application.save(
        update_fields=[
            "extension_reason",
            "extension_requested_on",
            "extension_requested_by",
        ]
    )
    event_record(
        application,
        EventKind.EXTENSION_REQUESTED,
        by=by,
        note=application.extension_reason,
    )
    return application


@transaction.atomic
def extension_decide(
    application: DisclosureApplication, *, by, approve: bool, note: str = ""
) -> DisclosureApplication:
    """The head approves (20 more working days, a notice) or refuses."""
    application = locked(application)
    if not is_desk_head(by, application):
        raise WorkflowError("只有信息公开工作机构负责人可以批准延长答复期限。")
    if not application.extension_requested_on or application.extended_on:
        raise WorkflowError("该申请没有待批准的延期申请。")
    if not approve:
        application.extension_requested_on = None
        application.extension_requested_by = None
        application.save(
            update_fields=["extension_requested_on", "extension_requested_by"]
        )
        event_record(application, EventKind.EXTENSION_REFUSED, by=by, note=note)
        return application
    application.extended_on = timezone.localdate()
    application.extended_by = by
    application.save(update_fields=["extended_on", "extended_by"])
    due = due_refresh(application)
    event_record(
        application,
        EventKind.EXTENDED,
        by=by,
        note=application.extension_reason,
        data={"due": due.isoformat() if due else ""},
    )
    applicant_notify(
        application,
        "延长答复期限",
        f"答复期限延长 20 个工作日：{application.extension_reason}",
    )
    return application


def disclosure_daily(*, today: dt.date | None = None) -> dict:
    """The desk's daily round: lapse overdue 补正 and recompute open due dates
    (a due date left open because the calendar did not know a year is filled
    in once chinese-calendar is updated)."""
    lapsed = corrections_lapse(today=today)
    open_ones = DisclosureApplication.objects.filter(
        status__in=[Status.IN_PROGRESS, Status.CONSULTING]
    )
    undetermined = 0
    for application in open_ones.iterator():
        undetermined += due_refresh(application) is None
    return {
        "lapsed": [application.number for application in lapsed],
        "due_undetermined": undetermined,
    }
