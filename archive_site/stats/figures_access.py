"""Access requests by kind and outcome, and 政府信息公开 answers.

Access requests (查阅、复制、借阅、调取) count by the local day they were
filed, per kind and status; 政府信息公开 applications count by the day the
answer was given (答复日期), per 答复类型, with how many were answered by
their due date (`due_on`, the statutory period as last computed). A
disclosure application names an agency, not a section: the section filter
does not narrow it.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from access_control.disclosure.models import DisclosureApplication, Outcome
from access_control.models import AccessRequest, RequestKind, RequestStatus
from archive_site.stats.figure import Figure, Table, share
from archive_site.stats.scope import StatsFilter


def access_requests(flt: StatsFilter) -> Figure:
    """Requests per kind (rows) and status (columns), then disclosure answers."""
    counts = (
        AccessRequest.objects.filter(flt.cases("case__"), flt.moments("created_at"))
        .values("kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(c["kind"], c["status"]): c["n"] for c in counts}
    statuses = RequestStatus.choices
    rows = [
        [kind_label, sum(cells.get((kind, s), 0) for s, _l in statuses)]
        + [cells.get((kind, s), 0) for s, _l in statuses]
        for kind, kind_label in RequestKind.choices
    ]
    columns = ["方式", "合计", *(str(text) for _s, text in statuses)]
    series = tuple(range(2, len(columns)))
    table = Table("查阅利用申请（按方式和审批结果）", columns, rows, chart=series)
    return Figure("access", "查阅利用与政府信息公开", [table, _disclosure(flt)])


def _disclosure(flt: StatsFilter) -> Table:
    answered = DisclosureApplication.objects.filter(
        agency__in=flt.agencies, answered_on__isnull=False, **_answered_in(flt)
    )
    counts = answered.values("outcome").annotate(
        n=Count("pk"),
        on_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))),
    )
    by_outcome = {c["outcome"]: c for c in counts.order_by()}
    rows = [_outcome_row(text, by_outcome.get(code)) for code, text in Outcome.choices]
    columns = ["答复类型", "件数", "按期答复", "按期率"]
    return Table("政府信息公开申请答复情况（按答复日期）", columns, rows, (1,))


def _answered_in(flt: StatsFilter) -> dict:
    return {"answered_on__gte": flt.start, "answered_on__lte": flt.end}


def _outcome_row(text: str, counts: dict | None) -> list:
    n, on_time = (counts["n"], counts["on_time"]) if counts else (0, 0)
    return [str(text), n, on_time, share(on_time, n)]
