"""The statutory clock of a 政府信息公开 application (政府信息公开条例, 2019).

- Art. 33 ¶1: the answer is due within 20 working days of the receipt of the
  application; the day of receipt is not counted (the count starts the next
  day). Art. 33 ¶2: an extension adds at most 20 working days (40 in all).
- Art. 30: after a 补正 the period starts again from the day the supplement
  is received (that day not counted either).
- Art. 32, Art. 33 ¶3: the time for consulting a third party (and other
  paused spans) is not counted.

Working days are the State Council's, 调休 included (`dossiers.workdays`, via
chinese-calendar): a make-up Saturday counts, a holiday does not. A count that
reaches a year the calendar does not know raises `CalendarUnknown` naming the
year; it never guesses Monday–Friday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dossiers.workdays import (
    CalendarUnknown,
    holiday_name,
    is_workday,
    nth_working_day,
)

__all__ = [
    "ANSWER_DAYS",
    "EXTENSION_DAYS",
    "CalendarUnknown",
    "DeadlineInputError",
    "DisclosureDeadline",
    "disclosure_deadline",
]

ANSWER_DAYS = 20  # Art. 33 ¶1
EXTENSION_DAYS = 20  # Art. 33 ¶2

_WEEKDAYS = "一二三四五六日"


class DeadlineInputError(ValueError):
    """Dates that cannot describe an application (a span ending before it
    starts, a supplement received before the application)."""


@dataclass(frozen=True)
class DisclosureDeadline:
    """The day the answer is due, and how it was computed (in Chinese)."""

    due: dt.date
    steps: tuple[str, ...]

    def as_json(self) -> dict:
        return {"due": self.due.isoformat(), "steps": list(self.steps)}


def disclosure_deadline(
    received: dt.date,
    *,
    extension: bool = False,
    corrected: dt.date | None = None,
    paused: Sequence[tuple[dt.date, dt.date]] = (),
) -> DisclosureDeadline:
    """The answer deadline of an application received on `received`.

    `corrected` is the day the 补正 supplement was received; `paused` are
    inclusive (from, to) spans not counted.

    Raises:
        DeadlineInputError: a paused span ends before it starts, or the
            supplement is dated before the application.
        CalendarUnknown: the count reaches a year chinese-calendar does not know.
    """
    _inputs_check(received, corrected, paused)
    spans = _merged(paused)

    def is_paused(day: dt.date) -> bool:
        return any(start <= day <= end for start, end in spans)

    days = ANSWER_DAYS + (EXTENSION_DAYS if extension else 0)
    start = corrected if corrected is not None else received
    due = nth_working_day(start, days, skip=is_paused)
    steps = _opening_steps(received, corrected, start, extension, days)
    steps.extend(_explain(start, due, spans, is_paused))
    steps.append(f"第 {days} 个工作日 {_day(due)}：答复期限届满")
    return DisclosureDeadline(due=due, steps=tuple(steps))


def _inputs_check(received, corrected, paused) -> None:
    for start, end in paused:
        if start > end:
            raise DeadlineInputError(
                f"暂停期间的起始日 {start.isoformat()} 晚于结束日 {end.isoformat()}"
            )
    if corrected is not None and corrected < received:
        raise DeadlineInputError(
            f"补正材料收到日 {corrected.isoformat()} "
            f"早于申请收到日 {received.isoformat()}"
        )


def _opening_steps(received, corrected, start, extension, days) -> list[str]:
    """Receipt, the 补正 restart, where the count starts and the extension."""
    steps = [f"收到申请 {received.isoformat()}（不计入）"]
    if corrected is not None:
        steps.append(
            f"收到补正材料 {corrected.isoformat()}，答复期限重新起算（不计入）"
        )
    basis = (
        "第三十条、第三十三条第一款" if corrected is not None else "第三十三条第一款"
    )
    steps.append(
        f"自 {(start + dt.timedelta(days=1)).isoformat()} 起计算 {ANSWER_DAYS} 个工作日"
        f"（{basis}）"
    )
    if extension:
        steps.append(
            f"延长答复期限 {EXTENSION_DAYS} 个工作日，"
            f"共 {days} 个工作日（第三十三条第二款）"
        )
    return steps


def _merged(paused) -> list[tuple[dt.date, dt.date]]:
    """The paused spans in order, overlapping or adjoining ones joined."""
    spans: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(paused):
        if spans and start <= spans[-1][1] + dt.timedelta(days=1):
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _explain(start, due, spans, is_paused) -> list[str]:
    """The days between `start` and `due` that were not counted, or counted
    although a weekend: holidays, paused spans, 调休 working days."""
    steps: list[str] = []
    for span_start, span_end in spans:
        first, last = max(span_start, start + dt.timedelta(days=1)), min(span_end, due)
        if first <= last:
            steps.append(
                f"暂停计算 {_span(first, last)} 不计"
                "（征求第三方意见等，第三十三条第三款）"
            )
    weekend_days = 0
    run: list[dt.date] = []  # consecutive days off with a holiday among them
    day = start
    while day < due:
        day += dt.timedelta(days=1)
        if is_paused(day):
            continue
        working = is_workday(day)
        holiday = holiday_name(day)
        if not working:
            run.append(day)
            continue
        if run:
            weekend_days += _close_run(run, steps)
            run = []
        if day.weekday() >= 5:
            steps.append(f"{_day(day)}{holiday or ''}调休上班，计入")
    if run:
        weekend_days += _close_run(run, steps)
    if weekend_days:
        steps.append(f"其间周末 {weekend_days} 天不计")
    return steps


def _close_run(run: list[dt.date], steps: list[str]) -> int:
    """Name a run of days off after its holiday; return its length when it
    was only a weekend."""
    names = [name for name in map(holiday_name, run) if name]
    if not names:
        return len(run)
    steps.append(f"{names[0]} {_span(run[0], run[-1])} 不计")
    return 0


def _span(first: dt.date, last: dt.date) -> str:
    """MM-DD within one year (the steps name the year elsewhere), full dates
    across a year end."""
    if first.year != last.year:
        return f"{first.isoformat()} 至 {last.isoformat()}"
    if first == last:
        return first.strftime("%m-%d")
    return f"{first:%m-%d} 至 {last:%m-%d}"


def _day(day: dt.date) -> str:
    return f"{day.isoformat()}（星期{_WEEKDAYS[day.weekday()]}）"
