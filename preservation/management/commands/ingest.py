"""`manage.py ingest PATH [PATH ...] [--json]`: take in submission packages."""

from pathlib import Path

from django.core.management.base import CommandError
from rich.console import Console

from dossiers.commands import ArchiveCommand
from preservation.models import IngestStatus
from preservation.services.ingest import package_ingest

STATUS_LABELS = {
    IngestStatus.ACCEPTED: "[green]已接收[/]",
    IngestStatus.REFUSED: "[red]已拒收[/]",
    IngestStatus.DUPLICATE: "[yellow]重复提交[/]",
}


class Command(ArchiveCommand):
    help = "接收一个或多个提交包（BagIt 目录、.zip、.tar 或 .tar.gz）。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="提交包路径")
        parser.add_argument(
            "--json", action="store_true", help="每个提交包输出一行 JSON 结果"
        )
        self.add_user_argument(parser, help="以该用户名记录提交人")

    def handle(self, *args, paths, json: bool, user: str | None, **options):
        submitter = self.user({"user": user})
        refused = 0
        for path in paths:
            report = self._ingest(path, submitter, quiet=json)
            refused += report.status == IngestStatus.REFUSED
            if json:
                self.write_json(report.as_json())
            else:
                self._print(report)
        if refused:
            raise CommandError(f"{refused} 个提交包被拒收。", returncode=1)

    def _ingest(self, path: Path, user, *, quiet: bool):
        size = _size(path)
        with self.byte_progress(quiet=quiet) as bar:
            task = bar.add_task(f"接收 {path.name}", total=size or None)
            return package_ingest(
                source=path,
                user=user,
                progress=lambda _rel, n: bar.advance(task, n),
            )

    def _print(self, report) -> None:
        console = Console(file=self.stdout, highlight=False)
        label = STATUS_LABELS[report.status]
        console.print(f"{label} {report.package_name} {report.case_number}")
        for error in report.errors:
            console.print(f"  [red]✗[/] {error['path']}：{error['message']}")
        for finding in report.findings:
            console.print(
                f"  [yellow]![/] [{finding['severity']}] {finding['path']}："
                f"{finding['message']}（{finding['article']}）"
            )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0
