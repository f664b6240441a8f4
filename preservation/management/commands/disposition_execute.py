"""`manage.py disposition_execute BATCH_ID --witness U1 --witness U2 [--json]`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = (
        "执行已批准的销毁鉴定批次：两名监销人在场，删除鉴定为销毁的案卷的原件、"
        "卷内条目与长期保存包；目录中保留档号、题名、日期与销毁记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int_between(1, 2**31 - 1), help="批次编号")
        parser.add_argument(
            "--witness", action="append", default=[], help="监销人（两名，各写一次）"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, batch_id, witness, **options):
        from preservation.retention.disposition import batch_get, refusal_text
        from preservation.retention.disposition_execute import batch_execute

        witnesses = [self._witness(name) for name in witness]
        try:
            result = batch_execute(batch=batch_get(batch_id), witnesses=witnesses)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        if options["json"]:
            self.write_json(result.as_json())
            return
        self.stdout.write(
            f"已执行批次 {result.batch.number}：销毁 {len(result.destroyed)} 卷"
            f"（{'、'.join(result.destroyed)}）；删除原件 {result.objects_removed} 个，"
            f"保留仍被引用的原件 {result.objects_kept_shared} 个，"
            f"删除长期保存包 {result.packages_removed} 个。"
        )

    def _witness(self, name: str):
        found = get_user_model().objects.filter(username=name).first()
        if found is None:
            raise CommandError(self.unknown_user_message.format(username=name))
        return found
