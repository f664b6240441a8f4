"""Applications: filing, finding by 受理编号 and 查询码, history and the clock.

The 受理编号 is `GK` + year + a six-digit number, counted per year across the
site; the 查询码 is 12 characters from an alphabet without look-alikes (about
60 bits), shown once and kept only as an HMAC under `SECRET_KEY`, so the
table alone does not open any application. `application_find` gives the same
answer (None) for an unknown number and a wrong code, in about the same time.

`deadline_for` feeds the facts of an application into the statutory clock
(`access_control.disclosure.deadlines`): the day of receipt, the day the 补正
supplement was received, the extension, and the third-party consultations as
paused spans (Art. 33 ¶3). `due_refresh` stores the result for the inbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from access_control.disclosure.deadlines import (
    CalendarUnknown,
    DisclosureDeadline,
    disclosure_deadline,
)
from access_control.disclosure.files import attachment_store
from access_control.disclosure.models import (
    Channel,
    DisclosureApplication,
    DisclosureEvent,
    EventKind,
    Status,
)
from dossiers.workdays import is_workday

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
QUERY_CODE_LENGTH = 12
NUMBER_PREFIX = "GK"
# The fields of the form that become the application's own (Art. 29).
APPLICANT_FIELDS = (
    "applicant_type",
    "organisation_kind",
    "name",
    "id_kind",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "delivery_form",
    "pickup_method",
)


def query_code_new() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def query_code_digest(code: str) -> str:
    """The HMAC kept for a 查询码 (spaces, dashes and case do not matter)."""
    normalised = "".join(code.split()).replace("-", "").upper()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def query_code_format(code: str) -> str:
    """The code as shown to people: groups of four (ABCD-EFGH-JKMN)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _number_next(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}-"
    last = (
        DisclosureApplication.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def application_submit(
    *,
    agency,
    fields: dict,
    attachments: list[tuple[str, Path]] = (),
    channel: str = Channel.ONLINE,
    address: str | None = None,
    by=None,
    received_on: dt.date | None = None,
) -> tuple[DisclosureApplication, str]:
    """File an application; returns it and its 查询码 (the only time it exists).

    Args:
        agency: the agency applied to.
        fields: the cleaned form fields (`APPLICANT_FIELDS`).
        attachments: (original name, path of the checked upload) pairs,
            already identified by `files.attachment_check`.
        channel: how it arrived; an application handed in (当面) is received
            the same day (Art. 31 (一)); the others wait for `receipt_confirm`.
        address: the submitter's address, for the record and the rate limits.
        by: the staff member who registers a paper application, if any.
        received_on: for a posted or faxed application registered by staff
            on its receipt, the day it counts as received.
    """
    code = query_code_new()
    if channel == Channel.IN_PERSON and received_on is None:
        received_on = timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                application = _filed(agency, fields, channel, address, code, by)
                for name, path in attachments:
                    attachment_store(application, name=name, path=path, by=by)
                if received_on is not None:
                    _received(application, received_on, by=by, note="")
                return application, code
        except IntegrityError:  # two filed at once took the same number
            continue
    raise RuntimeError("受理编号分配失败，请重试。")


def _filed(agency, fields, channel, address, code, by) -> DisclosureApplication:
    """The application's row and its first event, under the next number."""
    now = timezone.now()
    application = DisclosureApplication.objects.create(
        agency=agency,
        number=_number_next(timezone.localdate(now).year),
        query_code_digest=query_code_digest(code),
        channel=channel,
        submitted_at=now,
        submitted_from=address,
        **{name: fields.get(name, "") for name in APPLICANT_FIELDS},
    )
    event_record(application, EventKind.SUBMITTED, by=by, at=now)
    return application


def application_find(number: str, code: str) -> DisclosureApplication | None:
    """The application with this 受理编号 and 查询码, else None (either wrong)."""
    digest = query_code_digest(code)
    application = DisclosureApplication.objects.filter(
        number=number.strip().upper()
    ).first()
    stored = application.query_code_digest if application else "0" * 64
    if hmac.compare_digest(stored, digest) and application is not None:
        return application
    return None


def event_record(
    application: DisclosureApplication,
    kind: str,
    *,
    by=None,
    note: str = "",
    data: dict | None = None,
    at: dt.datetime | None = None,
) -> DisclosureEvent:
    at = at or timezone.now()
    return DisclosureEvent.objects.create(
        application=application,
        kind=kind,
        at=at,
        on=timezone.localdate(at),
        by=by,
        note=note,
        data=data or {},
    )


class ReceiptError(ValueError):
    """The receipt cannot be confirmed as asked (message in Chinese)."""


@transaction.atomic
def receipt_confirm(
    application: DisclosureApplication, *, by, received_on: dt.date, note: str = ""
) -> DisclosureApplication:
    """Record the day the application counts as received (Art. 31).

    当面: the day it was handed in; 邮寄: the day the agency signed for it;
    网络/传真: the day both sides confirmed it. The day cannot lie before
    the submission or after today.
    """
    application = DisclosureApplication.objects.select_for_update().get(
        pk=application.pk
    )
    if application.status != Status.AWAITING_RECEIPT:
        raise ReceiptError(f"申请 {application.number} 已确认收到，不能再次确认。")
    if received_on > timezone.localdate():
        raise ReceiptError("收到申请日不能晚于今天。")
    if received_on < timezone.localdate(application.submitted_at):
        raise ReceiptError("收到申请日不能早于提交申请的日期。")
    _received(application, received_on, by=by, note=note)
    return application


def _received(application, received_on: dt.date, *, by, note: str) -> None:
    application.received_on = received_on
    application.receipt_note = note
    application.status = Status.IN_PROGRESS
    application.save(update_fields=["received_on", "receipt_note", "status"])
    event_record(
        application,
        EventKind.RECEIVED,
        by=by,
        note=note,
        data={"received_on": received_on.isoformat()},
    )
    due_refresh(application)


def deadline_for(application: DisclosureApplication) -> DisclosureDeadline | None:
    """The answer's due date and its steps; None before the receipt.

    Raises:
        CalendarUnknown: the count reaches a year the calendar does not know.
    """
    if application.received_on is None:
        return None
    correction = getattr(application, "correction", None)
    corrected = correction.supplied_on if correction else None
    paused = [
        (c.sent_on, c.replied_on or c.reply_by) for c in application.consultations.all()
    ]
    if correction and correction.supplied_on is None:
        # Waiting for the supplement: the clock has not started again yet;
        # until it does, the period runs from the receipt (as if never paused).
        corrected = None
    return disclosure_deadline(
        application.received_on,
        extension=application.extended_on is not None,
        corrected=corrected,
        paused=paused,
    )


def due_refresh(application: DisclosureApplication) -> dt.date | None:
    """Recompute and store the due date (None when unknown or not running)."""
    try:
        deadline = deadline_for(application)
    except CalendarUnknown:
        deadline = None
    due = deadline.due if deadline and application.is_open else None
    if application.status == Status.AWAITING_CORRECTION:
        due = None  # the period starts again from the supplement (Art. 30)
    DisclosureApplication.objects.filter(pk=application.pk).update(due_on=due)
    application.due_on = due
    return due


def days_left(application: DisclosureApplication) -> int | None:
    """Working days from today to the due date, the due date counted and
    today not (0: due today; negative: calendar days overdue); None if none.

    Raises:
        CalendarUnknown: the span reaches a year the calendar does not know.
    """
    if application.due_on is None:
        return None
    today = timezone.localdate()
    if application.due_on < today:
        return (application.due_on - today).days
    span = (application.due_on - today).days
    return sum(is_workday(today + dt.timedelta(days=n)) for n in range(1, span + 1))
