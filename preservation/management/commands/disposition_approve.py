"""`manage.py disposition_approve BATCH_ID --by U`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = (
        "批准销毁鉴定批次（本机关主要负责人，且未参与本批鉴定）；"
        "延长与改为永久即时生效，销毁待执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int_between(1, 2**31 - 1), help="批次编号")
        self.add_user_argument(parser, "--by", required=True, help="主要负责人")

    def handle(self, *args, batch_id, **options):
        from preservation.retention.disposition import batch_get, refusal_text
        from preservation.retention.disposition_approval import batch_approve

        user = self.user(options)
        try:
            batch = batch_approve(batch=batch_get(batch_id), user=user)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        self.stdout.write(f"已批准批次 {batch.number}；销毁待执行。")
