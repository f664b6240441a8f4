"""Shared argument handling for dossier commands: find a case by its 案号."""

from django.core.management.base import CommandError

from dossiers.models import Case


def add_case_arguments(parser) -> None:
    parser.add_argument("case_number", help="案号")
    parser.add_argument(
        "--agency", help="机关统一社会信用代码（案号在多个机关重复时必填）"
    )


def case_get(case_number: str, agency_code: str | None) -> Case:
    cases = Case.objects.filter(case_number=case_number)
    if agency_code:
        cases = cases.filter(agency__code=agency_code)
    found = list(cases[:2])
    if not found:
        raise CommandError(f"没有找到案号为 {case_number} 的案件。")
    if len(found) > 1:
        raise CommandError(f"案号 {case_number} 在多个机关中存在，请用 --agency 指定。")
    return found[0]
