"""`manage.py fixity_schedule`: start the daily fixity-audit cycle on the worker."""

from dossiers.commands import ArchiveCommand
from preservation.tasks import fixity_audit_task


class Command(ArchiveCommand):
    help = (
        "把每日固定性审计排入后台任务队列（需运行 db_worker）；每次运行后自动排下一次。"
    )

    def handle(self, *args, **options):
        result = fixity_audit_task.enqueue()
        self.stdout.write(f"已排入固定性审计任务 {result.id}。")
