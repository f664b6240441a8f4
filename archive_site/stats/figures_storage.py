"""Retention expiry for the next ten years, storage growth, fixity results.

- Retention: sealed dossiers (the current version, not destroyed) per year
  their term ends (保管期限届满日), this year and the nine after, beside
  those already past due and those kept 永久. The period filter does not
  apply: the horizon is always the next ten years from today.
- Storage: per month (China time) the bytes received (the accepted
  submission packages' `IngestReport.byte_count`, one row per case, so the
  million materials are never summed row by row) and the packages (AIPs)
  written, with the totals at the end of each month.
- Fixity: every copy of every dossier package by location and the result of
  its last audit (never audited counted apart), with the newest audit time.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from archive_site.stats.figure import Figure, Table, as_day, month_label
from archive_site.stats.scope import StatsFilter
from archive_site.stats.sql import local_month
from dossiers.dates import format_local
from dossiers.models import Case, Dossier, DossierState, Retention
from preservation.models import (
    FixityOutcome,
    IngestReport,
    IngestStatus,
    Package,
    PackageCopy,
    PackageLocation,
)

YEARS = 10
MiB = 1024 * 1024


def retention_expiry(flt: StatsFilter) -> Figure:
    """Dossiers whose retention ends in each of the next ten years."""
    first = timezone.localdate().year
    dossiers = Dossier.objects.filter(
        flt.cases("case__"), state=DossierState.SEALED, destroyed_at__isnull=True
    )
    window = Q(retention_end__year__gte=first, retention_end__year__lt=first + YEARS)
    by_year = dict(
        dossiers.filter(window)
        .values_list(ExtractYear("retention_end"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [[f"{y}年", by_year.get(y, 0)] for y in range(first, first + YEARS)]
    others = dossiers.aggregate(
        overdue=Count("pk", filter=Q(retention_end__lt=dt.date(first, 1, 1))),
        permanent=Count("pk", filter=Q(retention=Retention.PERMANENT)),
    )
    table = Table("保管期限届满（未来十年）", ["届满年度", "案卷数"], rows, (1,))
    extra = Table(
        "其他",
        ["情况", "案卷数"],
        [["已届满尚未处置", others["overdue"]], ["永久保管", others["permanent"]]],
    )
    return Figure("retention", "保管期限届满", [table, extra])


def storage(flt: StatsFilter) -> Figure:
    """Storage growth per month, then the last fixity results."""
    return Figure("storage", "存储增长与固定性校验", [_growth(flt), _fixity(flt)])


def _growth(flt: StatsFilter) -> Table:
    originals = _monthly(
        _received(flt).filter(flt.moments("received_at")), "received_at", "byte_count"
    )
    packages = _monthly(
        _packages(flt).filter(flt.moments("created_at")), "created_at", "byte_count"
    )
    before = _totals_before(flt)
    rows, total = [], before
    for month in flt.months():
        new = originals.get(month, 0) + packages.get(month, 0)
        total += new
        rows.append(
            [
                month_label(month),
                _mib(originals.get(month, 0)),
                _mib(packages.get(month, 0)),
                _mib(total),
            ]
        )
    columns = ["月份", "新接收（MiB）", "新增保存包（MiB）", "月末累计（MiB）"]
    return Table("存储增长", columns, rows, chart=(1, 2))


def _monthly(queryset, moment: str, size: str) -> dict[dt.date, int]:
    rows = (
        queryset.annotate(month=local_month(moment))
        .values_list("month")
        .annotate(n=Sum(size))
        .order_by()
    )
    return {as_day(month): n or 0 for month, n in rows}


def _totals_before(flt: StatsFilter) -> int:
    since = flt.since()
    originals = _received(flt).filter(received_at__lt=since)
    packages = _packages(flt).filter(created_at__lt=since)
    a = originals.aggregate(n=Sum("byte_count"))["n"] or 0
    b = packages.aggregate(n=Sum("byte_count"))["n"] or 0
    return a + b


def _received(flt: StatsFilter):
    return IngestReport.objects.filter(
        case__in=_cases(flt), status=IngestStatus.ACCEPTED
    )


def _packages(flt: StatsFilter):
    return Package.objects.filter(dossier__in=_dossiers(flt))


def _cases(flt: StatsFilter):
    return Case.objects.filter(flt.cases()).values("pk")


def _dossiers(flt: StatsFilter):
    return Dossier.objects.filter(flt.cases("case__")).values("pk")


def _fixity(flt: StatsFilter) -> Table:
    # The packages' ids first (`IN`, a semi-join), then one pass over the
    # copies: three times cheaper on SQLite than joining every copy to its
    # package, dossier and case (200,000 copies).
    packages = Package.objects.filter(dossier__in=_dossiers(flt)).values("pk")
    copies = PackageCopy.objects.filter(package__in=packages)
    outcomes = {
        o.value: Count("pk", filter=Q(last_outcome=o.value)) for o in FixityOutcome
    }
    counts = copies.values("location").annotate(
        **outcomes,
        never=Count("pk", filter=Q(last_checked_at__isnull=True)),
        newest=Max("last_checked_at"),
    )
    by_location = {c["location"]: c for c in counts.order_by()}
    rows = [
        _fixity_row(text, by_location.get(code))
        for code, text in PackageLocation.choices
    ]
    columns = ["位置", *(str(o.label) for o in FixityOutcome), "未校验", "最近校验时间"]
    return Table("保存包副本最近一次固定性校验结果", columns, rows, chart=(1, 2, 3, 4))


def _fixity_row(text: str, counts: dict | None) -> list:
    counts = counts or {}
    values = [counts.get(o.value, 0) for o in FixityOutcome]
    newest = counts.get("newest")
    return [str(text), *values, counts.get("never", 0), format_local(newest) or "—"]


def _mib(size: int) -> float:
    return round(size / MiB, 1)
