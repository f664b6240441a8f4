"""Small SQL pieces Django lacks, written for SQLite and PostgreSQL both."""

from __future__ import annotations

from django.db.models import Func, IntegerField
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone


class DaysBetween(Func):
    """Whole days from the second date to the first (`later - earlier`)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        (later, l_params), (earlier, e_params) = self._compiled(compiler)
        return f"({later} - {earlier})", [*l_params, *e_params]

    def as_sqlite(self, compiler, connection, **extra):
        (later, l_params), (earlier, e_params) = self._compiled(compiler)
        sql = f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return sql, [*l_params, *e_params]

    def _compiled(self, compiler):
        return [compiler.compile(e) for e in self.get_source_expressions()]


def local_month(field: str) -> TruncMonth:
    """The first day of `field`'s month in China's time zone."""
    return TruncMonth(field, tzinfo=timezone.get_default_timezone())


def local_date(field: str) -> TruncDate:
    """`field`'s calendar day in China's time zone."""
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def archived_day() -> Coalesce:
    """The day a case counts as archived: its 移交日期, else the local day the
    archive received it (as the `archived_late` rule measures)."""
    return Coalesce("transferred_on", local_date("ingested_at"))
