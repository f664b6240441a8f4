"""`manage.py hold_place CASE_NUMBER --kind KIND --reason R --by U [--ref REF]`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "冻结案件的档案（行政复议、行政诉讼、信访、审计等期间不得处置）。"

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        parser.add_argument(
            "--kind",
            required=True,
            help="冻结类型：代码或中文名称（行政复议、行政诉讼、信访、审计、"
            "纪检监察、国家赔偿、其他）",
        )
        parser.add_argument("--reason", required=True, help="冻结理由")
        parser.add_argument("--ref", default="", help="文号或案号（如法院案号）")
        self.add_user_argument(parser, "--by", required=True, help="办理人用户名")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, kind, reason, ref, json, **options):
        from preservation.retention.holds import hold_kind_parse, hold_place

        user = self.user(options)
        case = self.case(options)
        try:
            hold = hold_place(
                case=case,
                kind=hold_kind_parse(kind),
                reason=reason,
                user=user,
                reference=ref,
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(_message(exc)) from exc
        if json:
            self.write_json({"id": hold.pk, "case_number": case.case_number})
            return
        reference = f"，{hold.reference}" if hold.reference else ""
        self.stdout.write(
            f"已冻结案件 {case.case_number}（冻结 {hold.pk}，"
            f"{hold.get_kind_display()}{reference}）。"
        )


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
