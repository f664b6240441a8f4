"""Each dashboard figure against the hand-counted world (`world.py`)."""

import datetime as dt

import pytest

from archive_site.stats.figures_access import access_requests
from archive_site.stats.figures_av import av_compliance
from archive_site.stats.figures_cases import cases_by_month, timeliness
from archive_site.stats.figures_findings import findings
from archive_site.stats.figures_storage import retention_expiry, storage
from archive_site.stats.scope import StatsFilter
from dossiers.rules.audiovisual import AV
from tests.archive_site.stats.world import TODAY, build


@pytest.fixture
def world(db, person_with_role, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return build(person_with_role("reader"))


@pytest.fixture
def year(world):
    return StatsFilter.for_year(2026, [world["mine"]])


def test_cases_per_month_by_category_in_china_time(year):
    table = cases_by_month(year).tables[0]
    assert table.columns == ["月份", "合计", "行政处罚", "行政许可"]
    # 23:30 on 31 January (Beijing) is January's; 00:30 on 1 February is
    # February's though still 31 January in UTC; December 2025 is outside.
    assert table.row("2026年01月") == ["2026年01月", 1, 1, 0]
    assert table.row("2026年02月") == ["2026年02月", 2, 1, 1]
    assert table.row("2026年03月") == ["2026年03月", 1, 1, 0]
    assert table.column("合计") == [1, 2, 1] + [0] * 9


def test_timeliness_per_month_and_distribution(year):
    monthly, buckets = timeliness(year).tables
    assert monthly.row("2026年01月") == ["2026年01月", 0, 1, "0.0%", 26.0, 0]
    # 12 days from receipt (local day 1 February), 15 to the 移交日期.
    assert monthly.row("2026年02月") == ["2026年02月", 2, 0, "100.0%", 13.5, 0]
    assert monthly.row("2026年03月") == ["2026年03月", 0, 0, "—", "—", 1]
    assert buckets.rows == [
        ["10日以内", 0], ["11–20日", 2], ["21–30日", 1], ["31–60日", 0], ["60日以上", 0]
    ]  # fmt: skip


def test_findings_by_rule_section_and_officer(year):
    by_rule, by_section, by_officer = findings(year).tables
    # c1's newest check (a correction) left archived_late only; info is not
    # counted; c5 is another agency's.
    # Category and article come from the rule registry.
    assert by_rule.rows == [
        ["archived_late", "归档", "000 §33；003 §26", 1, 1],
        ["av_missing", AV, "001 §16；000 §14", 1, 1],
        ["numbering_gap", "归档", "000 §33", 1, 1],
    ]
    assert by_section.rows == [["执法一科", 2], ["法制科", 1]]
    assert by_officer.rows == [["张伟（证张伟）", 3, 2], ["李娜（证李娜）", 1, 1]]


def test_av_compliance_by_section_and_officer(year):
    by_section, by_officer = av_compliance(year).tables
    assert by_section.columns[:4] == [
        "承办科室",
        "音像记录数",
        "设备未登记",
        "设备未领用给制作人",
    ]
    assert by_section.row("法制科")[:3] == ["法制科", 1, 1]
    assert by_section.row("执法一科")[1:] == [1, 0, 0, 1, 0, 0, 0]
    assert by_officer.rows == [["张伟", 2, 2], ["李娜", 1, 1]]


def test_access_requests_and_disclosure_answers(year):
    requests, answers = access_requests(year).tables
    assert requests.columns == [
        "方式",
        "合计",
        "待审批",
        "已批准",
        "不予批准",
        "已撤回",
    ]
    assert requests.row("查阅") == ["查阅", 2, 0, 1, 1, 0]
    # Filed 00:30 on 1 January 2026 in Beijing (2025 in UTC): 2026's.
    assert requests.row("复制") == ["复制", 1, 1, 0, 0, 0]
    assert requests.row("借阅") == ["借阅", 0, 0, 0, 0, 0]
    assert answers.row("予以公开") == ["予以公开", 1, 1, "100.0%"]
    assert answers.row("不予公开") == ["不予公开", 1, 0, "0.0%"]
    assert answers.row("部分公开") == ["部分公开", 0, 0, "—"]


def test_retention_expiry_for_the_next_ten_years(year):
    years, others = retention_expiry(year).tables
    assert years.column("届满年度") == [f"{y}年" for y in range(2026, 2036)]
    assert years.column("案卷数") == [1] + [0] * 8 + [1]
    assert others.rows == [["已届满尚未处置", 1], ["永久保管", 1]]


def test_storage_growth_and_last_fixity(year):
    growth, fixity = storage(year).tables
    assert growth.row("2026年01月") == ["2026年01月", 3.0, 0.0, 8.0]
    assert growth.row("2026年02月") == ["2026年02月", 3.0, 1.0, 12.0]
    assert growth.row("2026年12月") == ["2026年12月", 0.0, 0.0, 12.0]
    assert fixity.row("主存储") == ["主存储", 1, 0, 0, 0, "2026-05-20 03:00"]
    assert fixity.row("副本存储") == ["副本存储", 0, 0, 1, 0, "2026-05-20 03:00"]


def test_a_section_narrows_every_case_figure(world):
    flt = StatsFilter.for_year(2026, [world["mine"]], department="法制科")
    assert cases_by_month(flt).tables[0].column("合计")[:3] == [1, 1, 0]
    assert findings(flt).tables[1].rows == [["法制科", 1]]
    assert retention_expiry(flt).tables[0].column("案卷数")[0] == 1


def test_a_period_of_days_counts_local_days(world):
    january = StatsFilter(
        (world["mine"].pk,), dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    )
    assert cases_by_month(january).tables[0].rows == [["2026年01月", 1, 1]]
