"""`manage.py fixity_audit [--all | --due] [--json] [--no-repair]`.

Verifies the package copies (preservation.services.fixity), then reports what
has no record or no copy at all (preservation.services.completeness),
destroyed packages still present in a location included; exits 1 when a copy
stays damaged or anything is incomplete.
"""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from preservation.models import FixityOutcome, PackageLocation
from preservation.services.completeness import completeness_check
from preservation.services.fixity import copies_all, copies_due, fixity_check_run


class Command(ArchiveCommand):
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
        with self.byte_progress(quiet=json) as bar:
            task = bar.add_task(
                "固定性审计", total=sum(c.package.byte_count for c in copies)
            )
            report = fixity_check_run(
                copies=copies,
                repair=not no_repair,
                progress=lambda _copy, n: bar.advance(task, n),
            )
        completeness = completeness_check()
        self._print(report, completeness, as_json=json)
        failed = report.count(FixityOutcome.FAILED)
        if failed or completeness.found:
            raise CommandError(
                f"{failed} 个副本损坏且未能修复；"
                f"完整性检查发现 {completeness.found} 项问题。",
                returncode=1,
            )

    def _print(self, report, completeness, *, as_json: bool) -> None:
        if as_json:
            data = {**report.as_json(), **completeness.as_json()}
            self.write_json(data)
            return
        self._print_completeness(completeness)
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

    def _print_completeness(self, found) -> None:
        for code in found.sealed_without_package:
            self.stdout.write(f"已封存但没有保存包：{code}")
        for item in found.incomplete_packages:
            self.stdout.write(
                f"保存包副本缺失：{item['package']}（{item['location']}）"
                f"{item['message']}"
            )
        for path in found.orphan_bags:
            self.stdout.write(f"没有登记的保存包（孤立）：{path}")
        for digest in found.unreferenced_objects:
            self.stdout.write(f"没有材料引用的对象：{digest}")
        for item in found.destroyed_still_present:
            self.stdout.write(
                f"已随批次 {item['batch']} 销毁的保存包仍在"
                f"{PackageLocation(item['location']).label}：{item['identifier']}"
                f"（{item['path']}），须销毁。"
            )
