"""Whose figures a user sees, and the filter every figure applies.

The figures of an agency are for those who answer for the whole agency's
records: its archivists (档案管理员), its chief (主要负责人) and deputies
(分管负责人). Superuser status adds nothing, as everywhere in the archive:
a person sees the figures of the agencies they hold such a role in, and
nobody else's. The console (`stats_export`) has the whole database anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from access_control.models import Role
from access_control.selectors import retention_agencies_for
from dossiers.models import Agency

STATS_ROLES = (Role.ARCHIVIST, Role.CHIEF, Role.DEPUTY)


def stats_agencies_for(*, user) -> QuerySet[Agency]:
    """The agencies whose figures `user` may see (none: no statistics)."""
    return retention_agencies_for(user=user, roles=STATS_ROLES)


@dataclass(frozen=True)
class StatsFilter:
    """Which records a figure counts: agencies, a section, local dates.

    `start` and `end` are local days, both included. `department` empty
    means every section (承办科室).
    """

    agencies: tuple[int, ...]
    start: dt.date
    end: dt.date
    department: str = ""

    @classmethod
    def for_year(cls, year: int, agencies, department: str = "") -> StatsFilter:
        ids = tuple(agency.pk for agency in agencies)
        return cls(ids, dt.date(year, 1, 1), dt.date(year, 12, 31), department)

    def since(self) -> dt.datetime:
        """The first moment of `start`, China time (aware)."""
        return _midnight(self.start)

    def until(self) -> dt.datetime:
        """The first moment after `end`, China time (aware)."""
        return _midnight(self.end + dt.timedelta(days=1))

    def cases(self, prefix: str = "") -> Q:
        """Cases of the agencies (and section), for a model at `prefix`."""
        q = Q(**{f"{prefix}agency__in": self.agencies})
        if self.department:
            q &= Q(**{f"{prefix}department": self.department})
        return q

    def moments(self, field: str) -> Q:
        """`field` (a datetime) within the period's local days."""
        return Q(**{f"{field}__gte": self.since(), f"{field}__lt": self.until()})

    def days(self, field: str) -> Q:
        """`field` (a date) within the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def months(self) -> list[dt.date]:
        """The first day of every month of the period, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months


def _midnight(day: dt.date) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(naive, timezone.get_default_timezone())
