"""Regulation findings by rule (with its article), by section and by officer.

A case's findings are those of its newest regulation check: the check at
ingest (`regulation_check` event) or the one a metadata correction re-ran
(`metadata_corrected`), both carrying `{"findings": [...]}`. Only problems
count (严重 and 警告); 提示 are information. The findings are stored as JSON
lists on the events; the newest list of each case is repeated as rows of
`CaseFinding` (replaced with every check, in its transaction), which the
database groups by plain columns. An officer is counted for every finding of
every case they worked on.
"""

from __future__ import annotations

from django.db.models import Count

from archive_site.stats.figure import Figure, Table
from archive_site.stats.scope import StatsFilter
from dossiers.findings import Severity
from dossiers.models import CaseFinding
from dossiers.rules import RULES
from dossiers.rules.base import DOSSIER_RULES

PROBLEMS = (Severity.ERROR, Severity.WARNING)
TOP = 50


def findings(flt: StatsFilter) -> Figure:
    """The three tables: by rule and article, by section, by officer."""
    # One unrolling gives both the rule and the section tables: each case has
    # one section, so a rule's cases are the sum of its cases per section.
    pairs = _grouped(flt, ["code", "department"])
    tables = [_by_rule(pairs), _by_section(pairs), _by_officer(flt)]
    note = "按每个案件最近一次规范性检查的结果统计严重和警告问题（不含提示）。"
    return Figure("findings", "规范性检查问题", tables, note)


def _by_rule(pairs: list[tuple]) -> Table:
    totals: dict[str, list[int]] = {}
    for code, _section, n, cases in pairs:
        total = totals.setdefault(code, [0, 0])
        total[0], total[1] = total[0] + n, total[1] + cases
    kinds = {kind.code: kind for kind in RULES + DOSSIER_RULES}
    shown = [
        [code, *_described(kinds.get(code)), n, cases]
        for code, (n, cases) in sorted(totals.items(), key=_most)
    ]
    columns = ["规则", "类别", "条款", "问题数", "涉及案件数"]
    return Table("按规则和条款", columns, shown[:TOP], chart=(3,), note=_top(shown))


def _by_section(pairs: list[tuple]) -> Table:
    totals: dict[str, int] = {}
    for _code, section, n, _cases in pairs:
        totals[section] = totals.get(section, 0) + n
    shown = [
        [section or "（未注明科室）", n]
        for section, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]
    columns = ["承办科室", "问题数"]
    return Table("按承办科室", columns, shown[:TOP], chart=(1,), note=_top(shown))


def _by_officer(flt: StatsFilter) -> Table:
    rows = _grouped(flt, ["officer", "certificate"], officers=True)
    shown = [[f"{name}（{cert}）", n, cases] for name, cert, n, cases in rows]
    columns = ["执法人员（执法证号）", "问题数", "涉及案件数"]
    return Table("按执法人员", columns, shown[:TOP], chart=(1,), note=_top(shown))


def _described(kind) -> tuple[str, str]:
    return (kind.category, kind.article) if kind else ("", "")


def _most(item) -> tuple:
    code, (n, _cases) = item
    return (-n, code)


def _top(rows: list) -> str:
    if len(rows) <= TOP:
        return ""
    return f"共 {len(rows)} 项，页面显示前 {TOP} 项；导出的 XLSX 同样只含前 {TOP} 项。"


def _grouped(flt, keys: list[str], *, officers: bool = False) -> list[tuple]:
    """Problems counted per `keys` (columns of `CaseFinding`), most first:
    (*keys, findings, cases). By officer, every officer's row counts; else
    only each finding's primary row."""
    rows = CaseFinding.objects.filter(
        flt.cases(), flt.moments("received_at"), severity__in=PROBLEMS
    )
    rows = rows.exclude(officer="") if officers else rows.filter(primary=True)
    counted = rows.values_list(*keys).annotate(
        n=Count("pk"), cases=Count("case", distinct=True)
    )
    return list(counted.order_by("-n", *keys))
