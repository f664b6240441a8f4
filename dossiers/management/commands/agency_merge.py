"""`manage.py agency_merge --from CODE --into CODE --reason TEXT [--user U]`.

Moves every case of an agency registered by mistake into the right one (see
`agency_merge`); refused without a change when both hold the same 案号.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.management.commands._agency_args import operator_get
from dossiers.models import Agency
from dossiers.services import agency_merge


class Command(ArchiveCommand):
    help = "将误建机关的案件并入正确的机关（已封存案卷不重新编号）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="mistaken", required=True, help="误建机关的统一社会信用代码"
        )
        parser.add_argument("--into", required=True, help="正确机关的统一社会信用代码")
        parser.add_argument("--reason", required=True, help="合并理由")
        self.add_user_argument(parser, help="操作人用户名（须有管理执法机关的权限）")

    def handle(self, *args, mistaken, into, reason, user, **options):
        operator = operator_get(self.user({"user": user}))
        try:
            result = agency_merge(
                mistaken=_agency(mistaken),
                into=_agency(into),
                user=operator,
                reason=reason,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已将 {result.cases} 件案件并入 {result.into}。")
        for line in result.renumbered:
            self.stdout.write(f"  未封存案卷重新编号：{line}")


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code.strip().upper()).first()
    if agency is None:
        raise CommandError(f"统一社会信用代码 {code} 未登记。")
    return agency
