"""The archive's days and times are China's (`TIME_ZONE = "Asia/Shanghai"`).

Every datetime that becomes a day (归档日期, 立卷时间, 逾期天数, the start of
retention) or is shown to a person passes through here, so a moment just after
local midnight is the same day on every page, document and package, and no
list shows a relative time ("1 小时之前"). Aware datetimes are converted to
local time; naive ones (as a producer may declare them) are taken as local
already. Callers pass datetimes or dates; `None` formats as "".
"""

import datetime as dt

from django.utils import timezone

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def local_time(value: dt.datetime) -> dt.datetime:
    """The moment in the archive's time zone (naive values are left as they are)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def local_day(value: dt.datetime | dt.date) -> dt.date:
    """The local calendar day of a moment; a date is its own day."""
    if isinstance(value, dt.datetime):
        return local_time(value).date()
    return value


def parse_timestamp(value: str) -> dt.datetime:
    """An ISO 8601 timestamp, "Z" included (Python 3.11 reads it too)."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_local(value: dt.datetime | dt.date | None) -> str:
    """Absolute local form: `2026-12-05 09:17` for a moment, `2026-12-05` for a day."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return local_time(value).strftime(DATETIME_FORMAT)
    return value.strftime(DATE_FORMAT)
