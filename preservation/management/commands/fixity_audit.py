"""`manage.py fixity_audit [--all | --due] [--json] [--no-repair]`."""

import json as jsonlib

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

from preservation.models import FixityOutcome
from preservation.services.fixity import copies_all, copies_due, fixity_check_run


class Command(BaseCommand):
    help = (
        "完整校验保存包的每个副本（旧的先查，每个副本至少每 90 天一次），"
        "损坏的副本在另一副本校验完好后据以修复。"
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--all", action="store_true", help="校验全部副本")
        scope.add_argument(
            "--due", action="store_true", help="只校验到期的副本（默认）"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--no-repair", action="store_true", help="只报告，不修复")

    def handle(self, *args, all: bool, json: bool, no_repair: bool, **options):
        copies = list(copies_all() if all else copies_due())
        console = Console(stderr=True)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            disable=json or not console.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task(
                "固定性审计", total=sum(c.package.byte_count for c in copies)
            )
            report = fixity_check_run(
                copies=copies,
                repair=not no_repair,
                progress=lambda _copy, n: bar.advance(task, n),
            )
        self._print(report, as_json=json)
        if report.count(FixityOutcome.FAILED):
            raise CommandError(
                f"{report.count(FixityOutcome.FAILED)} 个副本损坏且未能修复。",
                returncode=1,
            )

    def _print(self, report, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(jsonlib.dumps(report.as_json(), ensure_ascii=False))
            return
        for check in report.checks:
            self.stdout.write(
                f"{check.copy.package.identifier}（{check.copy.get_location_display()}）"
                f"：{check.get_outcome_display()}"
            )
            for problem in check.problems:
                self.stdout.write(f"  {problem['path']}：{problem['message']}")
        self.stdout.write(
            f"共校验 {len(report.checks)} 个副本：完好 {report.count('ok')}，"
            f"已修复 {report.count('repaired')}，损坏 {report.count('failed')}。"
        )
