"""`manage.py access_decide REQUEST_ID --by U (--approve | --refuse) --reason R
[--ground CODE] [--until DATE] [--json]`.

Exit 1 with one clear message and no change when the rules forbid it.
"""

from django.core.management.base import CommandError

from access_control.approval import RETRIEVAL_GROUNDS
from access_control.consultations import AccessRequestError, access_request_decide
from access_control.copying import access_request_find
from access_control.models import AccessRequest
from dossiers.commands import ArchiveCommand, date_option


class Command(ArchiveCommand):
    help = "审批查阅申请：批准或不予批准。"
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        parser.add_argument("request_id", help="申请编号（数字）或登记号")
        self.add_user_argument(parser, "--by", required=True, help="审批人用户名")
        verdict = parser.add_mutually_exclusive_group(required=True)
        verdict.add_argument("--approve", action="store_true", help="批准")
        verdict.add_argument("--refuse", action="store_true", help="不予批准")
        parser.add_argument("--reason", required=True, help="审批意见")
        parser.add_argument(
            "--ground",
            default="",
            help="拒绝调取的法定事由：" + "、".join(RETRIEVAL_GROUNDS),
        )
        parser.add_argument("--until", help="有效期至（YYYY-MM-DD）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, request_id: str, **options):
        request = _request_get(request_id)
        try:
            request = access_request_decide(
                request=request,
                user=self.user(options),
                approve=options["approve"],
                reason=options["reason"],
                ground=options["ground"],
                until=date_option("--until", options["until"]),
            )
        except AccessRequestError as exc:
            raise CommandError(str(exc)) from exc
        grant = getattr(request, "grant", None) if options["approve"] else None
        result = {
            "id": request.pk,
            "number": request.number,
            "status": request.status,
            "grant": grant.pk if grant else None,
            "until": grant.until.isoformat() if grant else None,
        }
        if options["json"]:
            self.write_json(result)
        else:
            self.stdout.write(f"{request.number} {request.get_status_display()}")


def _request_get(value: str) -> AccessRequest:
    request = access_request_find(value)
    if request is None:
        raise CommandError(f"没有申请 {value}。")
    return request
