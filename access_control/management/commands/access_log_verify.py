"""`manage.py access_log_verify [--manifest FILE …]`: recompute the access log's
hash chain, check its head, its signed checkpoints and the anchors in every
stored package (and in the given disc manifests). Exit 1 on any problem."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from access_control.services import access_log_verify
from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "校验访问日志哈希链、日志头、签名检查点及保存包和光盘清单中的锚点，"
        "报告第一条被改动、删除或重排的日志，或日志被截断。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--manifest",
            action="append",
            default=[],
            type=Path,
            help="光盘上的 disc-manifest.json，核对其中的日志锚点（可多次给出）",
        )

    def handle(self, *args, **options):
        try:
            report = access_log_verify(manifests=options["manifest"])
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok and report.broken_at is not None:
            raise CommandError(
                f"访问日志链断裂于第 {report.broken_at} 条：{report.message}"
                f"（此前 {report.checked} 条完好）"
            )
        if not report.ok:
            raise CommandError(
                f"访问日志被截断或与检查点不符：{report.message}"
                f"（哈希链本身 {report.checked} 条连续）"
            )
        self.stdout.write(
            f"访问日志完好：共 {report.checked} 条，哈希链连续。"
            f"签名检查点 {report.checkpoints} 个、保存包与光盘中的锚点 "
            f"{report.anchors} 处均相符。"
        )
