"""`manage.py disc_verify ISO_OR_MOUNT_DIR [--by USER]`, or `disc_verify --due`.

Reads back every file of a disc image or a mounted disc, checks it against
the disc's manifest and the database, and records the check. `--due` lists
the discs to read back this year for the yearly sampling (at least 10 %).
"""

from pathlib import Path

from django.core.management.base import CommandError
from rich.console import Console

from dossiers.commands import ArchiveCommand
from preservation.models import DiscCheckOutcome
from preservation.services.discs import DiscError, disc_verify, discs_due_for_sampling


class Command(ArchiveCommand):
    help = "读回光盘镜像或已挂载光盘的每个文件，与光盘清单和数据库核对并记录结果。"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="ISO 文件或挂载目录")
        self.add_user_argument(
            parser, "--by", help="检测人用户名；默认记录操作系统用户名"
        )
        parser.add_argument("--due", action="store_true", help="列出今年应抽检的光盘")

    def handle(self, *args, path: Path | None, by: str | None, due: bool, **opts):
        if due:
            self._due()
            return
        if path is None:
            raise CommandError("请给出 ISO 文件或光盘挂载目录，或用 --due。")
        user, name = self.operator({"by": by})
        try:
            with self.stage_progress() as progress:
                check = disc_verify(
                    path, user=user, checked_by_name=name, progress=progress
                )
        except DiscError as exc:
            raise CommandError(str(exc)) from exc
        self._print(check)
        if check.outcome != DiscCheckOutcome.OK:
            raise CommandError(
                f"光盘 {check.disc} 有 {len(check.problems)} 个问题。", returncode=1
            )

    def _print(self, check) -> None:
        console = Console(file=self.stdout, highlight=False)
        mark = "[green]完好[/]" if check.outcome == "ok" else "[red]有问题[/]"
        console.print(
            f"{mark} {check.disc}（{check.get_via_display()}）"
            f"{check.checked_files} 个文件，{check.checked_bytes} 字节"
        )
        for problem in check.problems:
            console.print(f"  [red]✗[/] {problem['path']}：{problem['message']}")

    def _due(self) -> None:
        for disc in discs_due_for_sampling():
            last = disc.last_sampled_at
            self.stdout.write(
                f"{disc.disc_number}  {disc.get_disc_set_display()}  "
                f"{disc.location or '（未登记存放位置）'}  "
                + (f"上次抽检 {last:%Y-%m-%d}" if last else "从未抽检")
            )
