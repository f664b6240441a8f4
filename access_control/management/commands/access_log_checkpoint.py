"""`manage.py access_log_checkpoint [--schedule]`: sign the access log's head now,
or start the daily signing cycle on the task worker."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from access_control.checkpoints import access_log_checkpoint_sign
from access_control.tasks import access_log_checkpoint_task
from access_control.throttle import access_log_summaries_write
from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "用 Ed25519 密钥签署访问日志当前的日志头（序号、摘要、条数）；"
        "--schedule 则排入每日自动签署任务（需运行 db_worker）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="排入每日签署任务，每次运行后自动排下一次",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            result = access_log_checkpoint_task.enqueue()
            self.stdout.write(f"已排入访问日志签署任务 {result.id}。")
            return
        try:
            access_log_summaries_write()
            checkpoint = access_log_checkpoint_sign()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已签署访问日志检查点：截至第 {checkpoint.sequence} 条，"
            f"共 {checkpoint.entry_count} 条，摘要 {checkpoint.entry_hash[:16]}…，"
            f"密钥 {checkpoint.key_id}。"
        )
