"""`manage.py rebuild_from_aips DIR [--merge] [--json]`: the catalogue from AIPs.

Dossier packages (`aips/`), disposition batches' packages (`registers/`,
the 销毁清册) and the agencies' retention registers (`registers/…/retention`,
the 保管期限表 and holds) are read; see `preservation.services.rebuild`.
"""

from pathlib import Path

from django.core.management.base import CommandError
from rich.console import Console

from dossiers.commands import ArchiveCommand
from preservation.services.rebuild import (
    CatalogueNotEmpty,
    RebuildReport,
    catalogue_rebuild,
)


class Command(ArchiveCommand):
    help = (
        "从长期保存包（AIP）重建目录：机关、案件、材料、案卷各版本及其排列、"
        "检测报告和事件记录；原件放回存储；依销毁清册保存包重建销毁鉴定批次、"
        "重新鉴定的保管期限和已销毁案件的目录记录；"
        "依保管期限与冻结登记保存包重建保管期限表和冻结。"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, help="存储位置或存放保存包的目录")
        parser.add_argument(
            "--merge", action="store_true", help="目录非空时补入缺少的案件"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, dir: Path, merge: bool, json: bool, **options):
        if not dir.is_dir():
            raise CommandError(f"{dir} 不是目录。")
        try:
            report = self._rebuild(dir, merge, quiet=json)
        except CatalogueNotEmpty as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.write_json(report.as_json())
        else:
            self._print(report)
        if report.problems:
            raise CommandError(f"{len(report.problems)} 个问题，见上文。", returncode=1)

    def _rebuild(self, root: Path, merge: bool, *, quiet: bool) -> RebuildReport:
        with self.count_progress(quiet=quiet) as bar:
            task = bar.add_task("读取保存包", total=None)

            def progress(done: int, total: int, path: Path) -> None:
                description = f"校验 {path.relative_to(root)}"
                bar.update(task, completed=done, total=total, description=description)

            return catalogue_rebuild(root=root, merge=merge, progress=progress)

    def _print(self, report: RebuildReport) -> None:
        console = Console(file=self.stdout, highlight=False)
        for problem in report.problems:
            console.print(f"[red]✗[/] {problem.package}：{problem.message}")
        for note in report.notes:
            console.print(f"[yellow]![/] {note.package}：{note.message}")
        console.print(
            f"读取保存包 {report.packages_read} 个；"
            f"重建案件 {report.cases_created} 件、"
            f"案卷版本 {report.dossiers_created} 个、保存包记录 "
            f"{report.packages_recorded} 个，放回原件 {report.originals_restored} 个；"
            f"销毁鉴定批次 {report.batches_restored} 个、"
            f"已销毁案件的目录记录 {report.tombstones_created} 件；"
            f"恢复保管期限表条目 {report.schedule_rules_restored} 条、"
            f"冻结 {report.holds_restored} 项；"
            f"问题 {len(report.problems)} 个。"
        )
