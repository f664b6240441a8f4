"""The 信息公开 desk's shared pieces: who may open an application, and its clock.

Every page of the desk opens an application through `desk_application`,
which answers a user who is not 信息公开 staff of the application's agency
exactly as for an application that does not exist (404) and logs the refusal,
like `admin.base.LoggedInspectView`. A page that shows the applicant's
personal data calls `application_read_log` before it renders.

`clock_for` is the statutory clock as the desk shows it: the due date, its
steps, the working days left, and — when the count reaches a year whose
holidays chinese-calendar does not know yet — the year, flagged; the date is
then left open, never guessed.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest
from django.utils import timezone

from access_control.disclosure.applications import days_left, deadline_for
from access_control.disclosure.deadlines import CalendarUnknown
from access_control.disclosure.models import DisclosureApplication, Status
from access_control.disclosure.selectors import applications_visible_to
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record

NOT_FOUND = "没有找到该申请。"
# The clock runs (or ran) for these; before the receipt and while waiting
# for a 补正 there is no due date to show (Art. 30, 31).
CLOCK_STATUSES = (Status.IN_PROGRESS, Status.CONSULTING)


def desk_application(request: HttpRequest, pk: int) -> DisclosureApplication:
    """The application `pk` if `request.user` works it; else a logged 404."""
    application = (
        applications_visible_to(request.user)
        .select_related("agency")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise desk_denied(request)
    return application


def desk_denied(request: HttpRequest, message: str = NOT_FOUND) -> Http404:
    """Log a refused desk request; the 404 to raise (the same as for nothing)."""
    access_log_record(
        user=request.user,
        action=AccessAction.DENIED,
        request=request,
        reason=ReadPurpose.NOT_PERMITTED,
        data={"path": request.path},
    )
    return Http404(message)


def application_read_log(
    request: HttpRequest,
    application: DisclosureApplication,
    *,
    action: str = AccessAction.VIEW_APPLICATION,
    obj=None,
    data: dict | None = None,
) -> None:
    """Log one look at the application's personal data (or one of its files)."""
    access_log_record(
        user=request.user,
        action=action,
        obj=obj or application,
        request=request,
        reason=ReadPurpose.DISCLOSURE,
        data={"application": application.number, **(data or {})},
    )


@dataclass(frozen=True)
class Clock:
    """The answer's due date as shown on the desk."""

    due: dt.date | None = None
    steps: tuple[str, ...] = field(default_factory=tuple)
    days_left: int | None = None
    unknown_year: int | None = None

    @property
    def flag(self) -> str:
        if self.unknown_year is None:
            return ""
        return f"节假日安排未公布（{self.unknown_year}年），期限待定"

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def left_text(self) -> str:
        if self.flag:
            return self.flag
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已逾期 {-self.days_left} 日"
        return "今日到期" if self.days_left == 0 else f"{self.days_left} 个工作日"


def clock_for(application: DisclosureApplication, *, steps: bool = False) -> Clock:
    """The clock of `application`; `steps` recomputes the due date with its steps.

    Without `steps` (the inbox), the stored due date is used and the
    computation is only repeated when that date is missing while the clock
    runs, to name the unknown year.
    """
    running = application.status in CLOCK_STATUSES
    if not steps and (application.due_on is not None or not running):
        return _left(application, application.due_on, ())
    try:
        deadline = deadline_for(application)
    except CalendarUnknown as exc:
        return Clock(unknown_year=exc.year)
    if deadline is None:
        return Clock()
    # Waiting for a 补正, the period starts again from the supplement (Art. 30).
    waiting = application.status == Status.AWAITING_CORRECTION
    due = None if waiting else deadline.due
    return _left(application, due, deadline.steps if steps else ())


def _left(application: DisclosureApplication, due, steps) -> Clock:
    if due is None or application.status not in CLOCK_STATUSES:
        return Clock(due=due, steps=tuple(steps))
    counted = copy.copy(application)
    counted.due_on = due
    try:
        left = days_left(counted)
    except CalendarUnknown as exc:
        return Clock(due=due, steps=tuple(steps), unknown_year=exc.year)
    return Clock(due=due, steps=tuple(steps), days_left=left)


def today() -> dt.date:
    return timezone.localdate()
