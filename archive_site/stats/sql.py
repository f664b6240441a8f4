"""Small SQL pieces Django lacks, written for SQLite and PostgreSQL both.

China's months and days are computed by the database's own functions:
Django's `TruncMonth`/`TruncDate` with a time zone call a Python function
for every row on SQLite, which over 100,000 rows costs seconds. SQLite adds
the zone's offset (China has kept +08:00 without summer time since 1991);
PostgreSQL converts with `AT TIME ZONE`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, F, Func, IntegerField
from django.db.models.functions import Coalesce
from django.utils import timezone


def _compiled(expression: Func, compiler) -> tuple[list[str], list]:
    sqls, params = [], []
    for source in expression.get_source_expressions():
        sql, more = compiler.compile(source)
        sqls.append(sql)
        params += more
    return sqls, params


def _offset() -> str:
    """The archive's UTC offset as an SQLite modifier ("+480 minutes")."""
    zone = timezone.get_default_timezone()
    offset = dt.datetime(2020, 1, 1, tzinfo=zone).utcoffset() or dt.timedelta()
    return f"{int(offset.total_seconds() // 60):+d} minutes"


class DaysBetween(Func):
    """Whole days from the second date to the first (`later - earlier`)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        (later, earlier), params = _compiled(self, compiler)
        return f"({later} - {earlier})", params

    def as_sqlite(self, compiler, connection, **extra):
        (later, earlier), params = _compiled(self, compiler)
        sql = f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return sql, params


class LocalDate(Func):
    """A moment's calendar day in the archive's time zone."""

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        (moment,), params = _compiled(self, compiler)
        zone = str(timezone.get_default_timezone())
        return f"(({moment}) AT TIME ZONE %s)::date", [*params, zone]

    def as_sqlite(self, compiler, connection, **extra):
        (moment,), params = _compiled(self, compiler)
        return f"date({moment}, %s)", [*params, _offset()]


class LocalMonth(Func):
    """The first day of a moment's month in the archive's time zone."""

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        (moment,), params = _compiled(self, compiler)
        zone = str(timezone.get_default_timezone())
        sql = f"date_trunc('month', ({moment}) AT TIME ZONE %s)::date"
        return sql, [*params, zone]

    def as_sqlite(self, compiler, connection, **extra):
        (moment,), params = _compiled(self, compiler)
        return f"strftime('%%Y-%%m-01', {moment}, %s)", [*params, _offset()]


def local_month(field: str) -> LocalMonth:
    """The first day of `field`'s month in China's time zone."""
    return LocalMonth(F(field))


def local_date(field: str) -> LocalDate:
    """`field`'s calendar day in China's time zone."""
    return LocalDate(F(field))


def archived_day() -> Coalesce:
    """The day a case counts as archived: its 移交日期, else the local day the
    archive received it (as the `archived_late` rule measures)."""
    return Coalesce(
        "transferred_on", local_date("ingested_at"), output_field=DateField()
    )
