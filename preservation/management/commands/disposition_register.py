"""`manage.py disposition_register BATCH_ID --out DIR`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = "写出销毁鉴定批次的销毁清册（PDF 与 XLSX），只列鉴定为销毁的案卷。"

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int_between(1, 2**31 - 1), help="批次编号")
        parser.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, batch_id, out, **options):
        from preservation.retention.disposition import batch_get, refusal_text
        from preservation.retention.disposition_register import register_write

        try:
            batch = batch_get(batch_id)
        except ValidationError as exc:
            raise CommandError(refusal_text(exc)) from exc
        try:
            paths = register_write(batch, Path(out))
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror or exc}") from exc
        for path in paths:
            self.stdout.write(str(path))
