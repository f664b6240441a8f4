"""`manage.py search_cases QUERY [--user USERNAME] [--json] [filters…]`.

Searches as USERNAME, with exactly their permissions. Without `--user` the
console operator searches the whole catalogue (they hold the database
already); the access log then names the operating-system user.
"""

from django.core.management.base import CommandError

from access_control.selectors import full_scope
from dossiers.commands import ArchiveCommand
from dossiers.models import Agency
from search.forms import CaseSearchForm
from search.selectors import SORTS, SearchOutcome
from search.services import case_search_run

MAX_LIMIT = 100


def _valid_form(query: str, options: dict) -> CaseSearchForm:
    """The options checked by the search page's own form, or a CommandError
    listing every problem (bounds, dates, their order, unreadable text)."""
    data = {
        "q": query,
        "agency": _agency_id(options["agency"]),
        "year": options["year"],
        "category": options["category"],
        "procedure": options["procedure"],
        "retention": options["retention"],
        "state": options["state"],
        "closed_from": options["closed_from"],
        "closed_to": options["closed_to"],
        "sort": options["sort"],
        "page": options["page"],
    }
    form = CaseSearchForm({k: v for k, v in data.items() if v is not None})
    if not form.is_valid():
        raise CommandError(_errors(form))
    return form


def _errors(form: CaseSearchForm) -> str:
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label or '参数'}：{error}" for error in errors)
    return "；".join(lines)


def _agency_id(code: str | None) -> int | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"没有统一社会信用代码为 {code} 的机关。")
    return agency.pk


class Command(ArchiveCommand):
    help = "检索案件（与后台检索页相同的规则和权限），检索记入访问日志。"
    # Scripts match this wording, older than the base's "用户 … 不存在。".
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", help="检索词，多个词须同时包含")
        self.add_user_argument(parser, help="以该用户的权限检索")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--agency", help="执法机关的统一社会信用代码")
        parser.add_argument("--year", type=int, help="结案年度")
        parser.add_argument("--category", default="", help="案件类别代码")
        parser.add_argument("--procedure", default="", help="程序代码")
        parser.add_argument("--retention", default="", help="保管期限代码")
        parser.add_argument("--state", default="", help="案卷状态代码")
        parser.add_argument("--from", dest="closed_from", help="结案日期起")
        parser.add_argument("--to", dest="closed_to", help="结案日期止")
        parser.add_argument("--sort", choices=list(SORTS), default="relevance")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--limit", type=int, default=20, help="每页件数")

    def handle(self, *args, query, user, json, **options):
        account = self.user({"user": user})
        form = _valid_form(" ".join(query), options)
        limit = options["limit"]
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit 应在 1 到 {MAX_LIMIT} 之间：{limit}")
        outcome = case_search_run(
            user=account,
            query=form.cleaned_data["q"],
            scope=None if account else full_scope(),
            source="search_cases",
            filters=form.filters(),
            sort=form.cleaned_data["sort"] or "relevance",
            page=form.cleaned_data["page"] or 1,
            per_page=limit,
        )
        if json:
            self.write_json(outcome.as_json())
        else:
            self._print(outcome)

    def _print(self, outcome: SearchOutcome) -> None:
        if not outcome.terms:
            raise CommandError("检索词中没有可检索的汉字、字母或数字。")
        pages = f"第 {outcome.page}/{outcome.pages} 页"
        about = "约 " if outcome.estimated else ""
        self.stdout.write(f"“{outcome.query}”共 {about}{outcome.total} 件（{pages}）")
        for hit in outcome.exact:
            self.stdout.write(f"[精确匹配] {hit.case.case_number} {hit.case.title}")
        for hit in outcome.hits:
            record = hit.record
            self.stdout.write(
                f"{hit.rank:>3}. {hit.case.case_number} {hit.case.title}"
                f"（{record.agency.name}，{record.closed_on}）"
            )
            for snippet in hit.snippets:
                self.stdout.write(f"       {snippet.label}：{snippet.text}")
