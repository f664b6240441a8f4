"""`manage.py disclosure_daily [--schedule] [--json]`: the 政府信息公开 desk's
daily round now (applications whose 补正 date passed unanswered are treated
as withdrawn, Art. 30; open due dates recomputed), or start the daily cycle
on the task worker."""

from access_control.disclosure.workflow import disclosure_daily
from access_control.tasks import disclosure_daily_task
from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "政府信息公开每日办理：逾期未补正的申请视为放弃（第三十条），"
        "重新计算办理中申请的答复期限；--schedule 则排入每日任务（需运行 db_worker）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="排入每日任务，每次运行后自动排下一次",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, **options):
        if options["schedule"]:
            result = disclosure_daily_task.enqueue()
            self.stdout.write(f"已排入政府信息公开每日任务 {result.id}。")
            return
        result = disclosure_daily()
        if options["json"]:
            self.write_json(result)
            return
        lapsed = "、".join(result["lapsed"]) or "无"
        self.stdout.write(
            f"视为放弃的申请：{lapsed}；"
            f"答复期限待定（节假日安排未收录）的申请：{result['due_undetermined']} 件。"
        )
