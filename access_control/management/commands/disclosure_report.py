"""`manage.py disclosure_report --year YYYY [--agency CODE] --format xlsx|pdf|json
[--out FILE]`: the annual report's table 「收到和处理政府信息公开申请情况」.

For one agency (its 统一社会信用代码) or, without `--agency`, every agency
together; see `access_control.disclosure.report` for how each row is counted.
JSON goes to stdout unless `--out` is given; XLSX and PDF go to `--out`, or
to `disclosure-report-YYYY-CODE.xlsx|pdf` in the current folder, whose path
is printed. Writes no database row.
"""

from pathlib import Path

from django.core.management.base import CommandError

from access_control.disclosure.report import annual_report
from access_control.disclosure.report_files import FORMATS, report_file
from dossiers.commands import ArchiveCommand, int_between
from dossiers.models import Agency


class Command(ArchiveCommand):
    help = "生成政府信息公开年度报告中“收到和处理政府信息公开申请情况”表。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int_between(2008, 2200), required=True, help="年度"
        )
        parser.add_argument(
            "--agency", help="机关统一社会信用代码（不指定则统计全部机关）"
        )
        parser.add_argument(
            "--format", choices=sorted(FORMATS), required=True, help="输出格式"
        )
        parser.add_argument(
            "--out", type=Path, help="输出文件（JSON 不指定时输出到标准输出）"
        )

    def handle(self, *args, year: int, agency: str | None, **options):
        kind, out = options["format"], options["out"]
        report = annual_report(year=year, agency=_agency(agency))
        data, _media_type, name = report_file(report, kind)
        if kind == "json" and out is None:
            self.stdout.write(data.decode("utf-8"))
            return
        path = out or Path(name)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 --out 文件 {path}：{exc.strerror}。") from exc
        self.stdout.write(f"已生成 {path.resolve()}")


def _agency(code: str | None):
    if code is None:
        return None
    found = Agency.objects.filter(code=code.strip().upper()).first()
    if found is None:
        raise CommandError(f"--agency：没有统一社会信用代码为 {code} 的机关。")
    return found
