"""Deadlines counted in Chinese working days, 调休 make-up days included.

`chinese_calendar` knows the State Council's holiday arrangements year by
year (2004 to the last year it was released for). A count that reaches a year
it does not know never guesses Monday–Friday: it raises `CalendarUnknown`
naming the year, and the caller says so (the storage rule reports that it
cannot judge the deadline, see `dossiers.rules.audiovisual`).
"""

import datetime as dt
from collections.abc import Callable

import chinese_calendar

from dossiers.dates import local_day, local_time


class CalendarUnknown(Exception):
    """A working-day count reached a year without known holiday arrangements."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"节假日安排数据未收录 {year} 年")


def is_workday(day: dt.date) -> bool:
    """Whether `day` is a working day. Raises CalendarUnknown for an unknown year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        raise CalendarUnknown(day.year) from exc


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The end of the `days`-th working day after the day of `start`.

    A recording made on Friday evening before a holiday is due at the end of
    the second working day after it, which may be a Sunday when that Sunday is
    a 调休 make-up working day.

    Raises:
        CalendarUnknown: a day counted lies in a year chinese_calendar does not know.
    """
    return _end_of(nth_working_day(local_day(start), days), start)


def nth_working_day(
    day: dt.date, days: int, *, skip: Callable[[dt.date], bool] | None = None
) -> dt.date:
    """The `days`-th working day after `day` (which is not counted); a day for
    which `skip(day)` is true is not counted either (a paused span).

    Raises:
        CalendarUnknown: a day counted lies in a year chinese_calendar does not know.
    """
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if skip is not None and skip(day):
            continue
        counted += is_workday(day)
    return day


def earliest_working_deadline(start: dt.datetime, days: int) -> dt.datetime:
    """The end of the `days`-th calendar day after `start`: no count of working
    days ends sooner, whatever the holiday arrangements are."""
    return _end_of(local_day(start) + dt.timedelta(days=days), start)


def _end_of(day: dt.date, start: dt.datetime) -> dt.datetime:
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return end.replace(tzinfo=local_time(start).tzinfo)
