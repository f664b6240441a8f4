"""`manage.py access_log_verify`: recompute the access log's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from access_control.services import access_log_verify


class Command(BaseCommand):
    help = "校验访问日志哈希链，报告第一条被改动、删除或重排的日志。"

    def handle(self, *args, **options):
        report = access_log_verify()
        if not report.ok:
            raise CommandError(
                f"访问日志链断裂于第 {report.broken_at} 条：{report.message}"
                f"（此前 {report.checked} 条完好）"
            )
        self.stdout.write(f"访问日志完好：共 {report.checked} 条，哈希链连续。")
