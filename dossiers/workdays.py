"""Deadlines counted in Chinese working days, 调休 make-up days included.

`chinese_calendar` knows the State Council's holiday arrangements year by
year; a year it does not know yet falls back to Monday–Friday, and says so.
"""

import datetime as dt

import chinese_calendar

from dossiers.dates import local_day, local_time


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def calendar_known(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The end of the `days`-th working day after the day of `start`.

    A recording made on Friday evening before a holiday is due at the end of
    the second working day after it, which may be a Sunday when that Sunday is
    a 调休 make-up working day.
    """
    day, counted = local_day(start), 0
    while counted < days:
        day += dt.timedelta(days=1)
        counted += is_workday(day)
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return end.replace(tzinfo=local_time(start).tzinfo)
