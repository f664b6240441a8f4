"""`manage.py disposition_appraise BATCH_ID CASE_NUMBER
--decision destroy|extend:N|permanent --by U --opinion TEXT`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = "鉴定销毁鉴定批次中的一卷：销毁、延长 N 年或改为永久，并附鉴定意见。"

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int_between(1, 2**31 - 1), help="批次编号")
        parser.add_argument("case_number", help="案号")
        parser.add_argument(
            "--decision", required=True,
            help="destroy（销毁）、extend:N（延长 N 年）或 permanent（改为永久）",
        )  # fmt: skip
        self.add_user_argument(parser, "--by", required=True, help="鉴定小组成员")
        parser.add_argument("--opinion", required=True, help="鉴定意见")

    def handle(self, *args, batch_id, case_number, decision, opinion, **options):
        from preservation.retention.disposition import (
            batch_get,
            item_appraise,
            refusal_text,
        )

        user = self.user(options)
        try:
            item = item_appraise(
                batch=batch_get(batch_id),
                case_number=case_number,
                decision=decision,
                user=user,
                opinion=opinion,
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        self.stdout.write(
            f"已鉴定 {item.dossier.archival_code}：{item.decision_label}"
            f"（批次 {item.batch.number}，{item.batch.get_state_display()}）。"
        )
