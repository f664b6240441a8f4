"""`manage.py storage_janitor [--grace HOURS] [--dry-run] [--json] [--schedule]`.

A thin adapter over `preservation.services.janitor.storage_janitor_run`.
"""

import datetime as dt
import json as jsonlib

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, float_between
from preservation.services.janitor import GRACE, storage_janitor_run

MAX_GRACE_HOURS = 24 * 366 * 100


class Command(ArchiveCommand):
    help = (
        "清理中断的任务留下的临时文件（暂存目录、接口上传、未完成的对象和保存包副本）"
        "以及没有任何材料引用的对象；只清理早于宽限期的，并列出清理了什么。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float_between(0, MAX_GRACE_HOURS),
            default=GRACE.total_seconds() / 3600,
            help="宽限期（小时，默认 24）：更新的文件不动",
        )
        parser.add_argument("--dry-run", action="store_true", help="只报告，不删除")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument(
            "--schedule", action="store_true", help="把每日清理排入后台任务队列"
        )

    def handle(self, *args, grace, dry_run, json, schedule, **options):
        if schedule:
            from preservation.tasks import storage_janitor_task

            result = storage_janitor_task.enqueue()
            self.stdout.write(f"已排入存储清理任务 {result.id}。")
            return
        if grace < 0:
            raise CommandError("--grace 不能为负数。")
        report = storage_janitor_run(grace=dt.timedelta(hours=grace), dry_run=dry_run)
        if json:
            self.stdout.write(jsonlib.dumps(report.as_json(), ensure_ascii=False))
            return
        verb = "将清理" if dry_run else "已清理"
        for item in report.removed:
            self.stdout.write(f"{verb} {item.kind} {item.path}（{item.bytes} 字节）")
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"{verb} {len(report.removed)} 项，共 {report.bytes} 字节"
            f"（宽限期 {grace:g} 小时）。"
        )
