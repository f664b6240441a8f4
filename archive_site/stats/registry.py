"""The dashboards, in menu order: key → title and the function computing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive_site.stats.figure import Figure
from archive_site.stats.figures_access import access_requests
from archive_site.stats.figures_av import av_compliance
from archive_site.stats.figures_cases import cases_by_month, timeliness
from archive_site.stats.figures_findings import findings
from archive_site.stats.figures_storage import retention_expiry, storage
from archive_site.stats.scope import StatsFilter


@dataclass(frozen=True)
class Dashboard:
    key: str
    title: str
    compute: Callable[[StatsFilter], Figure]


DASHBOARDS = [
    Dashboard("cases", "归档案件数", cases_by_month),
    Dashboard("timeliness", "归档及时性", timeliness),
    Dashboard("findings", "规范性检查问题", findings),
    Dashboard("av", "音像记录合规", av_compliance),
    Dashboard("access", "查阅利用与政府信息公开", access_requests),
    Dashboard("retention", "保管期限届满", retention_expiry),
    Dashboard("storage", "存储增长与固定性校验", storage),
]
BY_KEY = {dashboard.key: dashboard for dashboard in DASHBOARDS}


def figures_all(flt: StatsFilter) -> list[Figure]:
    """Every dashboard's figure for one filter (the export's sheets)."""
    return [dashboard.compute(flt) for dashboard in DASHBOARDS]
