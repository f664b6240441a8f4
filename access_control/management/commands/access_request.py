"""`manage.py access_request CASE_NUMBER --user U --kind view|copy|loan|retrieval
--reason R [--material PATH ...] [--days N] [--for-party] [--json]`.

Prints `{"id", "number", "status", "approvers": [...], "rule": "..."}`.
"""

from django.core.management.base import CommandError

from access_control.approval import RULES, approvers_for
from access_control.consultations import AccessRequestError, access_request_create
from access_control.models import RequestKind
from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = "申请查阅、复制、借阅或调取案件档案。"
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        self.add_user_argument(parser, required=True, help="申请人用户名")
        parser.add_argument("--kind", required=True, choices=RequestKind.values)
        parser.add_argument("--reason", required=True, help="事由")
        parser.add_argument(
            "--material", action="append", default=[], help="材料包内路径（可多次）"
        )
        parser.add_argument("--days", type=int_between(1, 366), help="期限（天）")
        parser.add_argument(
            "--for-party", action="store_true", help="为当事人复制（仅复制）"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        case = self.case(options)
        materials = _materials(case, options["material"])
        try:
            request = access_request_create(
                user=self.user(options),
                case=case,
                kind=options["kind"],
                reason=options["reason"],
                materials=materials,
                days=options["days"],
                for_party=options["for_party"],
            )
        except AccessRequestError as exc:
            raise CommandError(str(exc)) from exc
        result = {
            "id": request.pk,
            "number": request.number,
            "status": request.status,
            "approvers": [u.get_username() for u in approvers_for(request)],
            "rule": RULES[request.rule].label,
        }
        if options["json"]:
            self.write_json(result)
        else:
            self.stdout.write(
                f"已提交申请 {request.number}（编号 {request.pk}）：{result['rule']}；"
                f"审批人：{'、'.join(result['approvers']) or '（本机关尚无审批人）'}"
            )


def _materials(case, paths: list[str]):
    found = {m.path: m for m in case.materials.filter(path__in=paths)}
    missing = [p for p in paths if p not in found]
    if missing:
        raise CommandError(f"案件 {case.case_number} 中没有材料：{missing[0]}")
    return [found[p] for p in paths]
