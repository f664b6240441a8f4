"""Reads of the device register, its ledger and the AV compliance reports.

Callers pass the agencies the user may see (`access_control.selectors`);
nothing here checks permissions. The reports are SQL aggregates over the
derived `AvRecording`/`AvProblem` rows (`dossiers.devices.compliance`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Concat

from dossiers.devices.compliance import CODE_LABELS
from dossiers.devices.models import (
    AvProblem,
    AvRecording,
    Device,
    DeviceCheck,
    DeviceFault,
    DeviceLoan,
)

BY_OFFICER = "officer"
BY_SECTION = "section"
_GROUP_FIELD = {BY_OFFICER: "officer", BY_SECTION: "department"}


def device_list(*, agencies: QuerySet) -> QuerySet[Device]:
    """The devices of `agencies`, with who keeps each and who has it now
    (`holder`: the Chinese full name, or the username; "" when it is in)."""
    open_loan = DeviceLoan.objects.filter(
        device=OuterRef("pk"), returned_at__isnull=True
    )
    name = Concat("user__last_name", "user__first_name", output_field=CharField())
    holder = open_loan.annotate(name=name).values("name")[:1]
    username = open_loan.values("user__username")[:1]
    return (
        Device.objects.filter(agency__in=agencies)
        .select_related("agency", "custodian")
        .annotate(holder_name=Subquery(holder), holder_username=Subquery(username))
        .order_by("agency__name", "code")
    )


def device_open_loan(device: Device) -> DeviceLoan | None:
    """The loan the device is out on now, if any."""
    loans = device.loans.filter(returned_at__isnull=True).select_related("user")
    return loans.first()


@dataclass(frozen=True)
class LedgerLine:
    """One line of a device's 台账, whatever kind of row it comes from."""

    at: dt.datetime | dt.date
    kind: str
    row: DeviceLoan | DeviceCheck | DeviceFault


def device_ledger(device: Device) -> list[LedgerLine]:
    """The device's loans, checks and faults, newest first."""
    lines = [
        LedgerLine(loan.issued_at, "loan", loan)
        for loan in device.loans.select_related("user", "issued_by", "received_by")
    ]
    lines += [LedgerLine(c.checked_on, "check", c) for c in device.checks.all()]
    lines += [
        LedgerLine(f.reported_at, "fault", f)
        for f in device.faults.select_related("reported_by")
    ]
    return sorted(lines, key=lambda line: _sort_key(line.at), reverse=True)


def _sort_key(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time.max)


@dataclass
class ReportRow:
    """A line of the AV compliance report: an officer's or a section's counts."""

    agency: str
    name: str
    recordings: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(code, 0) for code in CODE_LABELS]


# (agency pk, 承办科室) pairs counted beside whole agencies: a 科室负责人's own
Sections = tuple[tuple[int, str], ...]


def av_report(
    *, agencies: QuerySet, year: int | None, by: str, sections: Sections = ()
) -> list[ReportRow]:
    """Recordings and problems per officer (`BY_OFFICER`) or per section
    (`BY_SECTION`) of `agencies` and of `sections`, for cases closed in
    `year` when given.

    A recording made by two officers counts for each of them, and once for
    its section; a case-level problem (an activity without a recording)
    counts for each officer of the case.
    """
    key = _GROUP_FIELD[by]
    recordings = _scoped(AvRecording.objects, agencies, sections, year, by)
    problems = _scoped(AvProblem.objects, agencies, sections, year, by)
    rows: dict[tuple[str, str], ReportRow] = {}
    for item in recordings.values("agency__name", key).annotate(n=Count("pk")):
        _row(rows, item, key).recordings = item["n"]
    for item in problems.values("agency__name", key, "code").annotate(n=Count("pk")):
        _row(rows, item, key).counts[item["code"]] = item["n"]
    return sorted(rows.values(), key=lambda r: (r.agency, -r.problems, r.name))


def _scoped(
    manager, agencies: QuerySet, sections: Sections, year: int | None, by: str
) -> QuerySet:
    queryset = manager.filter(_in_scope(agencies, sections))
    if year is not None:
        queryset = queryset.filter(year=year)
    if by == BY_SECTION:
        queryset = queryset.filter(primary=True)
    return queryset


def _row(rows: dict, item: dict, key: str) -> ReportRow:
    ident = (item["agency__name"], item[key])
    if ident not in rows:
        rows[ident] = ReportRow(agency=ident[0], name=ident[1])
    return rows[ident]


def _in_scope(agencies: QuerySet, sections: Sections) -> Q:
    condition = Q(agency__in=agencies)
    for agency, department in sections:
        condition |= Q(agency_id=agency, department=department)
    return condition


def av_report_years(*, agencies: QuerySet, sections: Sections = ()) -> list[int]:
    """The years the report has rows for, newest first."""
    in_scope = _in_scope(agencies, sections)
    years = AvRecording.objects.filter(in_scope).values_list("year")
    return sorted({y for (y,) in years.distinct()}, reverse=True)
