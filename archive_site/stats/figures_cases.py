"""Cases archived per month by category, and archiving timeliness.

A case counts as archived in the month (China time) the archive received it
(`ingested_at`): a package received at 23:30 on 31 January in Beijing is
January's, though it is still the 31st's afternoon in UTC. Timeliness
measures, as the `archived_late` rule does (000 §33；003 §26), the days from
the 结案日期 to the 移交日期 (or the day of receipt when the package gives
none) against the agency's deadline; 历史补录 cases are counted apart, since
their lateness is information only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, F, Q, QuerySet

from archive_site.stats.figure import Figure, Table, as_day, month_label, share
from archive_site.stats.scope import StatsFilter
from archive_site.stats.sql import DaysBetween, archived_day, local_month
from dossiers.codes import Category, label
from dossiers.models import Case

# Days from closing to transfer, for the distribution (upper bounds, inclusive).
DAY_BUCKETS = ((10, "10日以内"), (20, "11–20日"), (30, "21–30日"), (60, "31–60日"))


def archived_cases(flt: StatsFilter) -> QuerySet[Case]:
    """The cases the filter selects, by the day the archive received them."""
    return Case.objects.filter(flt.cases(), flt.moments("ingested_at"))


def cases_by_month(flt: StatsFilter) -> Figure:
    """How many cases were archived each month, in total and per category."""
    counts = (
        archived_cases(flt)
        .annotate(month=local_month("ingested_at"))
        .values("month", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(as_day(c["month"]), c["category"]): c["n"] for c in counts}
    categories = [code for code, _l in Category.choices if _any(cells, code)]
    rows = [
        [month_label(m), sum(cells.get((m, c), 0) for c in categories)]
        + [cells.get((m, c), 0) for c in categories]
        for m in flt.months()
    ]
    columns = ["月份", "合计", *(label(Category, c) for c in categories)]
    stacked = tuple(range(2, len(columns))) or (1,)
    table = Table("各月归档案件数（按案件类别）", columns, rows, chart=stacked)
    return Figure("cases", "归档案件数", [table])


def timeliness(flt: StatsFilter) -> Figure:
    """Days from closing to transfer, and the share within the deadline."""
    cases = archived_cases(flt).annotate(days=DaysBetween(archived_day(), "closed_on"))
    on_time = Q(days__lte=F("agency__archiving_deadline_days"))
    current = Q(back_capture=False)
    by_month = (
        cases.annotate(month=local_month("ingested_at"))
        .values("month")
        .annotate(
            total=Count("pk", filter=current),
            on_time=Count("pk", filter=current & on_time),
            average=Avg("days", filter=current),
            back=Count("pk", filter=Q(back_capture=True)),
        )
        .order_by()
    )
    months = {as_day(row["month"]): row for row in by_month}
    rows = [_timeliness_row(m, months.get(m)) for m in flt.months()]
    columns = ["月份", "按期", "逾期", "按期率", "平均天数", "历史补录"]
    monthly = Table("各月归档及时性", columns, rows, chart=(1, 2))
    note = "按期：结案至移交（无移交日期时为本馆接收日）不超过本机关归档期限。"
    return Figure("timeliness", "归档及时性", [monthly, _buckets(cases)], note)


def _timeliness_row(month: dt.date, row: dict | None) -> list:
    row = row or {"total": 0, "on_time": 0, "average": None, "back": 0}
    late = row["total"] - row["on_time"]
    average = "—" if row["average"] is None else round(row["average"], 1)
    return [
        month_label(month),
        row["on_time"],
        late,
        share(row["on_time"], row["total"]),
        average,
        row["back"],
    ]


def _buckets(cases: QuerySet[Case]) -> Table:
    counts, low = {}, None
    for high, _label in DAY_BUCKETS:
        within = Q(days__lte=high) if low is None else Q(days__gt=low, days__lte=high)
        counts[f"b{high}"] = Count("pk", filter=within)
        low = high
    counts["over"] = Count("pk", filter=Q(days__gt=low))
    totals = cases.filter(back_capture=False).aggregate(**counts)
    labels = [text for _h, text in DAY_BUCKETS] + [f"{low}日以上"]
    rows = [[text, n] for text, n in zip(labels, totals.values(), strict=True)]
    return Table("结案至移交天数分布（不含历史补录）", ["天数", "案件数"], rows, (1,))


def _any(cells: dict, category: str) -> bool:
    return any(code == category and n for (_m, code), n in cells.items())
