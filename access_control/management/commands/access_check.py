"""`manage.py access_check CASE_NUMBER [MATERIAL_PATH] --user U --json`:
"why can't she see this?" → `{"allowed": bool, "why": "...", "grant": id|null}`.

Asks the same question the content gate asks; writes nothing.
"""

from django.core.management.base import CommandError

from access_control.consultations import content_decision
from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "查询某用户能否查阅某案件（或其中一件材料），以及原因。"
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        parser.add_argument("material_path", nargs="?", help="材料包内路径")
        self.add_user_argument(parser, required=True, help="用户名")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, material_path: str | None, **options):
        case = self.case(options)
        material = None
        if material_path:
            material = case.materials.filter(path=material_path).first()
            if material is None:
                raise CommandError(
                    f"案件 {case.case_number} 中没有材料：{material_path}"
                )
        decision = content_decision(self.user(options), case, material)
        result = {
            "allowed": decision.allowed,
            "why": decision.why,
            "grant": decision.grant.pk if decision.grant else None,
        }
        if options["json"]:
            self.write_json(result)
        else:
            self.stdout.write(
                ("可以查阅：" if decision.allowed else "不能查阅：") + decision.why
            )
