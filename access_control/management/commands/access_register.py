"""`manage.py access_register [--agency CODE] [--from DATE] [--to DATE]
[--person USERNAME] --format xlsx|csv|pdf --out FILE`: the 查阅登记簿 as a file.

Every option is checked before anything is read or written: an unknown agency
or person, a date that is not YYYY-MM-DD, a period that ends before it starts,
an unknown format or a folder that does not exist is one `CommandError` and no
file. The file appears complete or not at all (`preservation.files`).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from access_control.register import (
    TITLE,
    register_csv,
    register_pdf,
    register_rows,
    register_xlsx,
)
from dossiers.commands import ArchiveCommand, date_option
from dossiers.models import Agency
from preservation.files import write_atomically

FORMATS = ("xlsx", "csv", "pdf")


class Command(ArchiveCommand):
    help = "导出查阅登记簿（XLSX、CSV 或 PDF），可按机关、期间、查阅人筛选。"
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="机关统一社会信用代码")
        parser.add_argument("--from", dest="start", help="起始日期 YYYY-MM-DD（含）")
        parser.add_argument("--to", dest="end", help="截止日期 YYYY-MM-DD（含）")
        self.add_user_argument(parser, "--person", help="查阅人用户名")
        parser.add_argument(
            "--format", required=True, metavar="xlsx|csv|pdf", help="文件格式"
        )
        parser.add_argument("--out", required=True, help="输出文件")

    def handle(self, *args, **options):
        kind = options["format"]
        if kind not in FORMATS:
            raise CommandError(f"--format 应为 xlsx、csv 或 pdf 之一：{kind}")
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"--out 所在的文件夹不存在：{out.parent}")
        agency = _agency(options["agency"])
        start = date_option("--from", options["start"])
        end = date_option("--to", options["end"])
        if start and end and start > end:
            raise CommandError(f"--from {start} 晚于 --to {end}。")
        rows = register_rows(
            agency=agency, start=start, end=end, person=self.user(options)
        )
        write_atomically(out, _content(kind, rows, _title(agency, start, end)))
        self.stdout.write(f"已写入 {len(rows)} 条查阅登记：{out}")


def _agency(code: str | None) -> Agency | None:
    if code is None:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"没有统一社会信用代码为 {code} 的机关。")
    return agency


def _title(agency: Agency | None, start, end) -> str:
    parts = [agency.name] if agency else []
    if start or end:
        parts.append(f"{start or '…'} 至 {end or '…'}")
    return f"{TITLE}（{' '.join(parts)}）" if parts else TITLE


def _content(kind: str, rows, title: str) -> bytes:
    if kind == "csv":
        return register_csv(rows)
    if kind == "xlsx":
        return register_xlsx(rows)
    return register_pdf(rows, title=title)
