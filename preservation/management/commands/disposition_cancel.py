"""`manage.py disposition_cancel BATCH_ID --by U --reason R [--json]`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = (
        "撤销尚未执行的销毁鉴定批次（组批的档案管理员或本机关主要负责人，须说明理由）；"
        "其中的案卷可另行组批，批准时已生效的延长或改为永久不变。"
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int_between(1, 2**31 - 1), help="批次编号")
        self.add_user_argument(parser, "--by", required=True, help="撤销人用户名")
        parser.add_argument("--reason", required=True, help="撤销理由")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, batch_id, reason, json, **options):
        from preservation.retention.disposition import batch_get, refusal_text
        from preservation.retention.disposition_cancel import (
            batch_cancel,
            cancel_as_json,
        )

        user = self.user(options)
        try:
            batch = batch_cancel(batch=batch_get(batch_id), user=user, reason=reason)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        data = cancel_as_json(batch)
        if json:
            self.write_json(data)
            return
        count = len(data["released"])
        self.stdout.write(
            f"已撤销批次 {batch.number}（批次 {batch.pk}）：其中 {count} 卷可另行组批。"
        )
        for row in data["reappraisals_kept"]:
            self.stdout.write(
                f"批准时的重新鉴定不变：{row['archival_code']} {row['decision']}"
            )
