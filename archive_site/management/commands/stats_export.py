"""`manage.py stats_export --year YYYY [--agency CODE] --out FILE.xlsx`: every
statistics dashboard of one year as an XLSX workbook, one sheet per figure.

For one agency (its 统一社会信用代码) or, without `--agency`, every agency
together; the figures are those of the admin's 统计分析 pages
(`archive_site.stats`), for 1 January to 31 December of the year (China
time). Writes no database row.
"""

from pathlib import Path

from django.core.management.base import CommandError

from archive_site.stats.registry import figures_all
from archive_site.stats.scope import StatsFilter
from archive_site.stats.workbook import figures_xlsx
from dossiers.commands import ArchiveCommand, int_between
from dossiers.models import Agency


class Command(ArchiveCommand):
    help = "导出一个年度的统计分析（XLSX，每个统计图表一个工作表）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int_between(1949, 2200), required=True, help="年度"
        )
        parser.add_argument(
            "--agency", help="机关统一社会信用代码（不指定则统计全部机关）"
        )
        parser.add_argument("--out", type=Path, required=True, help="输出的 XLSX 文件")

    def handle(self, *args, year: int, agency: str | None, out: Path, **options):
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"--out 应为 .xlsx 文件：{out}")
        agencies = _agencies(agency)
        flt = StatsFilter.for_year(year, agencies)
        who = agencies[0].name if agency else "全部机关"
        data = figures_xlsx(figures_all(flt), heading=f"{who} · {year} 年度")
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 --out 文件 {out}：{exc.strerror}。") from exc
        self.stdout.write(f"已生成 {out.resolve()}")


def _agencies(code: str | None) -> list[Agency]:
    if code is None:
        return list(Agency.objects.order_by("pk"))
    found = Agency.objects.filter(code=code.strip().upper()).first()
    if found is None:
        raise CommandError(f"--agency：没有统一社会信用代码为 {code} 的机关。")
    return [found]
