"""`manage.py disclosure_deadline RECEIVED_DATE [--extension] [--corrected DATE]
[--paused FROM TO ...] [--json]` → `{"due": "YYYY-MM-DD", "steps": [...]}`.

The answer deadline of a 政府信息公开 application in working days (调休
included), and how it was computed; see `access_control.disclosure.deadlines`.
Writes nothing.
"""

from django.core.management.base import CommandError

from access_control.disclosure.deadlines import (
    CalendarUnknown,
    DeadlineInputError,
    disclosure_deadline,
)
from dossiers.commands import ArchiveCommand, date_option


class Command(ArchiveCommand):
    help = "计算政府信息公开申请的答复期限（工作日，含调休），并说明计算过程。"

    def add_arguments(self, parser):
        parser.add_argument("received", help="申请收到日期 YYYY-MM-DD（当日不计入）")
        parser.add_argument(
            "--extension",
            action="store_true",
            help="经批准延长答复期限 20 个工作日（第三十三条第二款）",
        )
        parser.add_argument(
            "--corrected",
            metavar="DATE",
            help="补正材料收到日期 YYYY-MM-DD：答复期限自该日重新起算（第三十条）",
        )
        parser.add_argument(
            "--paused",
            nargs=2,
            action="append",
            default=[],
            metavar=("FROM", "TO"),
            help="不计入答复期限的期间（含首尾，如征求第三方意见，第三十三条第三款），可重复",
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, received: str, corrected: str | None, **options):
        paused = [
            (date_option("--paused", start), date_option("--paused", end))
            for start, end in options["paused"]
        ]
        try:
            deadline = disclosure_deadline(
                date_option("RECEIVED_DATE", received),
                extension=options["extension"],
                corrected=date_option("--corrected", corrected),
                paused=paused,
            )
        except DeadlineInputError as exc:
            raise CommandError(str(exc)) from exc
        except CalendarUnknown as exc:
            raise CommandError(
                f"无法计算答复期限：{exc}（chinese-calendar 尚无该年的节假日安排，"
                "请人工核对）"
            ) from exc
        if options["json"]:
            self.write_json(deadline.as_json())
        else:
            self.stdout.write(f"答复期限：{deadline.due.isoformat()}")
            for step in deadline.steps:
                self.stdout.write(f"  {step}")
