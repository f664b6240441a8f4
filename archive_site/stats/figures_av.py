"""AV compliance (音像记录合规) per section and per officer.

Read from the rows the devices' compliance check keeps (`AvRecording`,
`AvProblem` of `dossiers.devices`: one per recording and officer, a problem
once per officer it counts against, `primary` once per recording), for the
cases the filter selects by the day the archive received them. Counts per
section take the primary rows only, so a recording made by two officers is
one recording of its section.
"""

from __future__ import annotations

from django.db.models import Count, Q

from archive_site.stats.figure import Figure, Table
from archive_site.stats.scope import StatsFilter
from dossiers.devices.compliance import CODE_LABELS
from dossiers.devices.models import AvProblem, AvRecording

TOP = 50


def av_compliance(flt: StatsFilter) -> Figure:
    """Recordings and their problems by section, then by officer."""
    note = "问题按设备登记与领用、存储时限、连续记录和应记录环节的检查统计。"
    tables = [_by_section(flt), _by_officer(flt)]
    return Figure("av", "音像记录合规", tables, note)


def _scoped(model, flt: StatsFilter):
    return model.objects.filter(flt.cases(), flt.moments("case__ingested_at"))


def _by_section(flt: StatsFilter) -> Table:
    recordings = dict(
        _scoped(AvRecording, flt)
        .filter(primary=True)
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
    codes = {code: Count("pk", filter=Q(code=code)) for code in CODE_LABELS}
    problems = {
        row.pop("department"): row
        for row in _scoped(AvProblem, flt)
        .filter(primary=True)
        .values("department")
        .annotate(**codes)
        .order_by()
    }
    sections = sorted(set(recordings) | set(problems))
    rows = [
        [name or "（未注明科室）", recordings.get(name, 0)]
        + [problems.get(name, {}).get(code, 0) for code in CODE_LABELS]
        for name in sections
    ]
    columns = ["承办科室", "音像记录数", *CODE_LABELS.values()]
    series = tuple(range(2, len(columns)))
    return Table("按承办科室（问题按类别）", columns, rows, chart=series)


def _by_officer(flt: StatsFilter) -> Table:
    recordings = dict(
        _scoped(AvRecording, flt)
        .values_list("officer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    problems = dict(
        _scoped(AvProblem, flt)
        .values_list("officer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = sorted(
        set(recordings) | set(problems),
        key=lambda name: (-problems.get(name, 0), name),
    )
    rows = [
        [name or "（未注明）", recordings.get(name, 0), problems.get(name, 0)]
        for name in names
    ]
    note = f"共 {len(rows)} 人，显示问题最多的前 {TOP} 人。" if len(rows) > TOP else ""
    columns = ["执法人员", "音像记录数", "问题数"]
    return Table("按执法人员", columns, rows[:TOP], chart=(2,), note=note)
