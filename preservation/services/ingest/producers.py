"""Which registered agency a package belongs to, and whether its submitter may
put it there.

Ingest never creates an agency: the `agency` of `case.json` must be registered
already (`agency_register`, the admin), with the same credit code and 全宗号. A
package naming an unknown code, a registered name or 全宗号 under another code,
or an agency merged into another, is refused with a message naming both.

A submitter (the uploading user, or `ingest --user`) must hold the agency: be
in its archivists' group, which carries `dossiers.view_agency_records` on it,
and have the archivist role (`preservation.add_ingestreport`). Superusers hold
every registered agency. Ingest without a user is the console operator, who
holds the database anyway.
"""

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from dossiers.models import Agency
from preservation.problems import PackageRefused, Problem
from preservation.profile import CASE_JSON

HOLD_AGENCY = "dossiers.view_agency_records"
INGEST_ROLE = "preservation.add_ingestreport"


def _refuse(code: str, message: str, field: str = "case.agency.code"):
    return PackageRefused([Problem(code, message, CASE_JSON, field)])


def agency_for_submission(
    *, declared: dict, user=None, required: Agency | None = None
) -> Agency:
    """The registered agency of a package whose `case.agency` is `declared`.

    Raises:
        PackageRefused: the agency is not registered, conflicts with one that
            is, was merged, is not held by `user`, or is not `required` (the
            agency of the API token it was sent with).
    """
    agency = _registered(declared)
    if required is not None and agency.pk != required.pk:
        raise _refuse(
            "agency_not_token",
            f"提交包属于 {agency.name}（{agency.code}），"
            f"而提交所用的令牌属于 {required.name}（{required.code}）。",
        )
    if agency.merged_into_id:
        right = agency.merged_into
        raise _refuse(
            "agency_merged",
            f"机关 {agency.name}（{agency.code}）系误建，已并入 "
            f"{right.name}（{right.code}，全宗号 {right.fonds}）；"
            "请以正确的统一社会信用代码重新提交。",
        )
    if user is not None and not user_may_ingest_into(user, agency):
        raise _refuse(
            "agency_not_held",
            f"用户 {user.get_username()} 不是 {agency.name}（{agency.code}）"
            "的档案管理员，不能向该机关接收提交包。",
        )
    return agency


def user_may_ingest_into(user, agency: Agency) -> bool:
    """Whether `user` may submit packages of `agency`."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.has_perm(INGEST_ROLE) and user.has_perm(HOLD_AGENCY, agency)


def agencies_user_may_ingest_into(user, agencies: QuerySet[Agency]) -> QuerySet:
    """The ones of `agencies` whose packages `user` may submit, in one query
    (`user_may_ingest_into` for each, without a query per agency)."""
    if not (user.is_authenticated and user.is_active and user.has_perm(INGEST_ROLE)):
        return agencies.none()
    if user.is_superuser:
        return agencies
    return get_objects_for_user(user, HOLD_AGENCY, agencies, accept_global_perms=False)


def _registered(declared: dict) -> Agency:
    name, code, fonds = declared["name"], declared["code"], declared["fonds"]
    agency = Agency.objects.filter(code=code).first()
    if agency is not None:
        if agency.fonds != fonds:
            raise _refuse(
                "agency_fonds_mismatch",
                f"提交包声明的全宗号 {fonds} 与已登记的 {agency.name}"
                f"（{agency.code}）的全宗号 {agency.fonds} 不一致。",
                "case.agency.fonds",
            )
        return agency
    twin = Agency.objects.filter(Q(name=name) | Q(fonds=fonds)).first()
    if twin is not None:
        raise _refuse(
            "agency_conflict",
            f"提交包的机关 {name}（统一社会信用代码 {code}，全宗号 {fonds}）"
            f"未登记，而已登记的 {twin.name}（统一社会信用代码 {twin.code}，"
            f"全宗号 {twin.fonds}）名称或全宗号与之相同；"
            "请核对统一社会信用代码，不会另建机关。",
        )
    raise _refuse(
        "agency_unknown",
        f"机关 {name}（统一社会信用代码 {code}，全宗号 {fonds}）尚未登记；"
        "请先由管理员登记该机关（agency_register 或“执法机关设置”）。",
    )
