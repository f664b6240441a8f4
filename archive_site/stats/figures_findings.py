"""Regulation findings by rule (with its article), by section and by officer.

A case's findings are those of its newest regulation check: the check at
ingest (`regulation_check` event) or the one a metadata correction re-ran
(`metadata_corrected`), both carrying `{"findings": [...]}`. Only problems
count (严重 and 警告); 提示 are information. The findings are stored as JSON
lists on the events, so the database unrolls them (`json_each` on SQLite,
`jsonb_array_elements` on PostgreSQL) and groups them itself. An officer is
counted for every finding of every case they worked on.
"""

from __future__ import annotations

from django.db import connection

from archive_site.stats.figure import Figure, Table
from archive_site.stats.figures_cases import archived_cases
from archive_site.stats.scope import StatsFilter
from dossiers.findings import Severity
from dossiers.models import EventType
from dossiers.rules import RULES
from dossiers.rules.base import DOSSIER_RULES

CHECKS = (EventType.REGULATION_CHECK.value, EventType.METADATA_CORRECTED.value)
PROBLEMS = (Severity.ERROR, Severity.WARNING)
TOP = 50


def findings(flt: StatsFilter) -> Figure:
    """The three tables: by rule and article, by section, by officer."""
    # One unrolling gives both the rule and the section tables: each case has
    # one section, so a rule's cases are the sum of its cases per section.
    pairs = _grouped(flt, ["code", "c.department"])
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
    rows = _grouped(flt, ["o.name", "o.certificate"], officers=True)
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
    """Problems counted per `keys` (a finding's field, or a column of `c`,
    the case, or `o`, its officer), most first: (*keys, findings, cases).

    A case's newest check is the check event with no newer one of the case
    (an anti-join on the case's events by type, one index probe each).
    """
    cases, params = archived_cases(flt).values("pk").query.sql_with_params()
    officer_join = "JOIN dossiers_officer o ON o.case_id = c.id" if officers else ""
    group = ", ".join(key if "." in key else _field(key) for key in keys)
    sql = f"""
        SELECT {group}, COUNT(*), COUNT(DISTINCT c.id)
        FROM dossiers_case c
        JOIN dossiers_caseevent e ON e.case_id = c.id AND e.event_type IN (%s, %s)
        {officer_join}
        CROSS JOIN {_elements()}
        WHERE c.id IN ({cases})
          AND NOT EXISTS (
            SELECT 1 FROM dossiers_caseevent n
            WHERE n.case_id = e.case_id AND n.event_type IN (%s, %s) AND n.id > e.id
          )
          AND {_field("severity")} IN (%s, %s)
        GROUP BY {group}
        ORDER BY COUNT(*) DESC, {group}
    """  # noqa: S608 (only our own fragments; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*CHECKS, *params, *CHECKS, *PROBLEMS])
        return cursor.fetchall()


def _elements() -> str:
    """The findings of event `e`, one row each, as `j`."""
    if connection.vendor == "postgresql":
        return "LATERAL jsonb_array_elements(e.event_outcome_detail->'findings') j"
    return "json_each(e.event_outcome_detail, '$.findings') j"


def _field(name: str) -> str:
    """One finding's `name` as text."""
    if connection.vendor == "postgresql":
        return f"(j->>'{name}')"
    return f"json_extract(j.value, '$.{name}')"
