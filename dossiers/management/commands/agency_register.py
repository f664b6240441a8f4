"""`manage.py agency_register --code CODE --name NAME --fonds FONDS [--json]`.

Registers an agency so that ingest accepts its packages. Running it again with
the same three values changes nothing (status `exists`); a code or 全宗号
already held by another agency is refused, naming it (exit 1). With `--json`
it prints one line: {"status": "registered|exists|refused", "agency": {...},
"errors": [{"field": "…", "message": "…"}]}.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.management.commands._agency_args import errors_of, operator_get
from dossiers.models import Agency
from dossiers.services import agency_register


class Command(ArchiveCommand):
    help = "登记执法机关（统一社会信用代码、名称、全宗号），登记后方可接收其提交包。"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="统一社会信用代码")
        parser.add_argument("--name", required=True, help="机关名称")
        parser.add_argument("--fonds", required=True, help="全宗号")
        self.add_user_argument(parser, help="操作人用户名（须有管理执法机关的权限）")
        parser.add_argument("--json", action="store_true", help="输出一行 JSON")

    def handle(self, *args, code, name, fonds, user, json: bool, **options):
        operator = operator_get(self.user({"user": user}))
        wanted = {
            "name": name.strip(),
            "code": code.strip().upper(),
            "fonds": fonds.strip(),
        }
        status, errors = self._register(wanted, operator)
        if json:
            self.write_json({"status": status, "agency": wanted, "errors": errors})
        elif status != "refused":
            label = "已登记" if status == "registered" else "已存在，未改动"
            self.stdout.write(
                f"{label}：{wanted['name']}（{wanted['code']}，全宗号 {fonds}）"
            )
        if errors:
            details = "；".join(e["message"] for e in errors)
            raise CommandError(f"未登记：{details}", returncode=1)

    def _register(self, wanted: dict, operator) -> tuple[str, list]:
        if Agency.objects.filter(**wanted).exists():
            return "exists", []
        try:
            agency_register(**wanted, user=operator, reason="agency_register 命令")
        except ValidationError as exc:
            return "refused", errors_of(exc)
        return "registered", []
