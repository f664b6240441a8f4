"""`manage.py dossier_export CASE_NUMBER --out DIR`: write a dossier's documents.

Writes the 材料目录 (PDF, XLSX, CSV), cover, 备考表 and the merged dossier PDF
of the case's current dossier version. Each file is one logged read.

All documents are rendered before any is written, and each is written to a
temporary name first: a material that cannot be bound (named in the error,
with 序号, 题名 and path) stops the export with nothing written to DIR.
"""

import getpass
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from access_control.exports import KINDS, document_filename, document_render
from access_control.models import AccessAction
from access_control.services import access_log_record
from dossiers.commands import ArchiveCommand
from dossiers.documents.problems import DossierDocumentError
from dossiers.selectors import current_dossier


class Command(ArchiveCommand):
    help = "导出案件现行案卷的材料目录（PDF、XLSX、CSV）、封面、备考表和合并 PDF。"

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        parser.add_argument("--out", required=True, type=Path, help="输出目录")
        parser.add_argument(
            "--reason", default="案卷导出", help="导出事由（记入访问日志）"
        )

    def handle(self, *args, out: Path, reason: str, **options):
        case = self.case(options)
        dossier = current_dossier(case)
        if dossier is None:
            raise CommandError(f"案件 {case.case_number} 尚未组卷。")
        rendered = []
        for slug in KINDS:
            access_log_record(
                user=None,
                action=AccessAction.DOWNLOAD,
                obj=dossier,
                case_number=case.case_number,
                reason=reason,
                data={
                    "document": slug,
                    "command": "dossier_export",
                    "os_user": getpass.getuser(),
                    "out": str(out.resolve()),
                },
            )
            try:
                kind, content = document_render(dossier, slug)
            except DossierDocumentError as exc:
                raise CommandError(f"案件 {case.case_number} 无法导出：{exc}") from exc
            rendered.append((out / document_filename(dossier, kind), content))
        for target in _write_all(out, rendered):
            self.stdout.write(str(target))


def _write_all(out: Path, files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write every file under a temporary name, then rename them all."""
    written: list[tuple[Path, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for target, content in files:
            written.append((_write_temporary(out, content), target))
    except OSError as exc:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise CommandError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    for tmp, target in written:
        tmp.replace(target)
    return [target for _, target in written]


def _write_temporary(out: Path, content: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=out, prefix=".export-")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        tmp.chmod(0o644)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
