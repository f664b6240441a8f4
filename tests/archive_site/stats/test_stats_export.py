"""`stats_export --year YYYY [--agency CODE] --out FILE.xlsx`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from archive_site.stats.registry import DASHBOARDS
from tests.archive_site.stats.world import TODAY, build


@pytest.fixture
def world(db, person_with_role, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return build(person_with_role("reader"))


def _rows(book, title):
    return [list(r) for r in book[title].iter_rows(values_only=True)]


def test_one_sheet_per_figure_with_the_agencys_numbers(world, tmp_path):
    out = tmp_path / "stats.xlsx"
    stdout = io.StringIO()
    call_command(
        "stats_export", "--year", "2026", "--agency", world["mine"].code,
        "--out", str(out), stdout=stdout,
    )  # fmt: skip
    assert "已生成" in stdout.getvalue()
    book = load_workbook(out)
    assert book.sheetnames == [d.title for d in DASHBOARDS]
    cases = _rows(book, "归档案件数")
    assert cases[1] == [f"{world['mine'].name} · 2026 年度", None, None, None]
    assert ["2026年02月", 2, 1, 1] in cases
    access = _rows(book, "查阅利用与政府信息公开")
    assert ["查阅", 2, 0, 1, 1, 0] in access
    retention = _rows(book, "保管期限届满")
    assert ["2035年", 1] in [r[:2] for r in retention]


def test_every_agency_without_agency(world, tmp_path):
    out = tmp_path / "all.xlsx"
    call_command(
        "stats_export", "--year", "2026", "--out", str(out), stdout=io.StringIO()
    )
    cases = _rows(load_workbook(out), "归档案件数")
    # January: c1 (mine) and c5 (theirs).
    assert ["2026年01月", 2, 2] in [r[:3] for r in cases]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "NOPE"], "没有统一社会信用代码为 NOPE 的机关"),
        (["--out", "stats.csv"], "--out 应为 .xlsx 文件"),
        (["--out", "/nonexistent/dir/s.xlsx"], "无法写入 --out 文件"),
    ],
)
def test_bad_options_are_one_clear_line(world, args, message):
    options = {"--out": "stats.xlsx"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        options[flag] = value
    argv = ["--year", "2026"] + [x for pair in options.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        call_command("stats_export", *argv, stdout=io.StringIO())
