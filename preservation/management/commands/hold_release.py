"""`manage.py hold_release HOLD_ID --by U --reason R`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = "解除冻结（须说明理由；冻结记录永久保留）。"

    def add_arguments(self, parser):
        parser.add_argument("hold_id", type=int_between(1, 2**62), help="冻结编号")
        self.add_user_argument(parser, "--by", required=True, help="办理人用户名")
        parser.add_argument("--reason", required=True, help="解除理由")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, hold_id, reason, json, **options):
        from preservation.models import Hold
        from preservation.retention.holds import hold_release

        user = self.user(options)
        hold = Hold.objects.filter(pk=hold_id).first()
        if hold is None:
            raise CommandError(f"没有编号为 {hold_id} 的冻结。")
        try:
            hold = hold_release(hold=hold, user=user, reason=reason)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.write_json({"id": hold.pk, "released": True})
            return
        self.stdout.write(f"已解除冻结 {hold.pk}（案件 {hold.case.case_number}）。")
