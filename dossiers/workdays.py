"""Deadlines counted in Chinese working days, 调休 make-up days included.

`chinese_calendar` knows the State Council's holiday arrangements year by
year (2004 to the last year it was released for). A count that reaches a year
it does not know never guesses Monday–Friday: it raises `CalendarUnknown`
naming the year, and the caller says so (the storage rule reports that it
cannot judge the deadline, see `dossiers.rules.audiovisual`).

The State Council announces a year's arrangements in the autumn before it,
often before a chinese-calendar release carries them. An operator can then
enter them from the notice (国务院办公厅关于YYYY年部分节假日安排的通知) in
the JSON file named by `ARCHIVE_HOLIDAYS_FILE`:

    {"2027": {"source": "国办发明电〔2026〕N号",
              "holidays": [["2027-01-01", "2027-01-03"], ...],
              "workdays": ["2027-02-07", ...]}}

`holidays` are inclusive spans of days off (a third element may name the
holiday, e.g. "春节"), `workdays` the make-up working
days (weekend days that are worked). The file is used only for years
chinese-calendar does not know; a year in neither is still refused.
"""

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path

import chinese_calendar
from django.conf import settings

from dossiers.dates import local_day, local_time


class CalendarUnknown(Exception):
    """A working-day count reached a year without known holiday arrangements."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"节假日安排数据未收录 {year} 年")


_HOLIDAY_NAMES = {
    holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday
}


class CalendarFileError(ValueError):
    """`ARCHIVE_HOLIDAYS_FILE` cannot be read; the message names the problem."""


def is_workday(day: dt.date) -> bool:
    """Whether `day` is a working day. Raises CalendarUnknown for an unknown year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        year = supplied_years().get(day.year)
        if year is None:
            raise CalendarUnknown(day.year) from exc
        holidays, workdays = year
        if day in workdays:
            return True
        return day.weekday() < 5 and day not in holidays


def supplied_years() -> dict[int, tuple[dict, frozenset]]:
    """Year → (days off, make-up working days) from `ARCHIVE_HOLIDAYS_FILE`."""
    name = getattr(settings, "ARCHIVE_HOLIDAYS_FILE", "")
    if not name:
        return {}
    path = Path(name)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise CalendarFileError(f"节假日安排文件 {path} 无法读取：{exc}") from exc
    return _supplied_years(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _supplied_years(path: str, _stamp: int) -> dict[int, tuple[dict, frozenset]]:
    try:
        document = json.loads(Path(path).read_text("utf-8"))
        return {
            int(year): _year_read(int(year), entry) for year, entry in document.items()
        }
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CalendarFileError(f"节假日安排文件 {path} 格式有误：{exc}") from exc


def _year_read(year: int, entry: dict) -> tuple[frozenset, frozenset]:
    holidays = {}
    for first, last, *name in entry["holidays"]:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        if day > end or day.year != year:
            raise ValueError(f"{year} 年的假期 {first}–{last} 不成立")
        while day <= end:
            holidays[day] = name[0] if name else "节假日"
            day += dt.timedelta(days=1)
    workdays = {dt.date.fromisoformat(day) for day in entry.get("workdays", [])}
    if not entry.get("source"):
        raise ValueError(f"{year} 年缺少 source（国务院办公厅通知的文号）")
    return holidays, frozenset(workdays)


def holiday_name(day: dt.date) -> str | None:
    """The Chinese name of the holiday `day` belongs to (None: not a holiday).

    Raises:
        CalendarUnknown: the year is known to neither source.
    """
    try:
        _, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError as exc:
        year = supplied_years().get(day.year)
        if year is None:
            raise CalendarUnknown(day.year) from exc
        return year[0].get(day)
    return _HOLIDAY_NAMES.get(name, name) if name else None


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
