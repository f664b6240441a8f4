"""Requests to see records, their decisions, and the grants they make.

`access_request_create` files a request and names who must decide it
(`access_control.approval`); `access_request_decide` decides it once, and an
approval makes one `AccessGrant`; `access_grant_revoke` ends a grant early.
Every refusal of the rules is an `AccessRequestError` with one Chinese
sentence, raised before anything is written.

The gate asks `content_decision(user, case, material)`: a read is allowed
under a grant that is not revoked and whose `until` is today or later (local
date: expiry needs no job), or to the custodians of the case's agency, whose
reads are logged as archival work with their own 事由.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, Q
from django.utils import timezone

from access_control.approval import (
    RETRIEVAL_GROUNDS,
    approval_rule,
    deputy_authorisation,
    may_decide,
)
from access_control.models import (
    CATALOGUE_ROLES,
    VIEW_AGENCY_RECORDS,
    AccessGrant,
    AccessRequest,
    AgencyGroupObjectPermission,
    AgencyUserObjectPermission,
    Membership,
    RequestKind,
    RequestStatus,
    Role,
)
from access_control.notifications import notify_approvers, notify_requester
from dossiers.models import Agency, Case, EventType, Material
from dossiers.services import case_event_record

# Roles of an agency whose holders may ask to see its records.
REQUESTER_ROLES = CATALOGUE_ROLES
# Kinds read in the browser under a grant (copies and loans are not reads).
READ_KINDS = (RequestKind.VIEW, RequestKind.RETRIEVAL)
DEFAULT_DAYS = 7


class AccessRequestError(Exception):
    """A request or decision the rules refuse; the message says why."""


def access_request_create(
    *,
    user,
    case: Case,
    kind: str,
    reason: str,
    materials: Iterable[Material] = (),
    days: int | None = None,
    for_party: bool = False,
) -> AccessRequest:
    """File a request; the approvers are told by e-mail.

    Raises:
        AccessRequestError: no 事由, a kind the requester's role may not ask
            for, materials of another case, or a period beyond the agency's.
    """
    materials = list(materials)
    days = DEFAULT_DAYS if days is None else days
    _request_check(user, case, kind, reason, materials, days)
    rule = approval_rule(case=case, kind=kind, materials=materials, for_party=for_party)
    request = _request_save(
        AccessRequest(
            requester=user,
            case=case,
            kind=kind,
            for_party=for_party and kind == RequestKind.COPY,
            reason=reason.strip(),
            days=days,
            rule=rule.code,
        ),
        materials,
    )
    notify_approvers(request)
    return request


def _request_check(user, case, kind, reason, materials, days) -> None:
    if kind not in RequestKind.values:
        raise AccessRequestError(f"未知的申请方式：{kind}。")
    if not reason.strip():
        raise AccessRequestError("请填写事由。")
    stranger = [m.path for m in materials if m.case_id != case.pk]
    if stranger:
        raise AccessRequestError(f"材料不属于案件 {case.case_number}：{stranger[0]}")
    if not 1 <= days <= case.agency.access_max_days:
        raise AccessRequestError(
            f"期限应在 1 到 {case.agency.access_max_days} 天之间：{days}。"
        )
    problem = _requester_problem(user, case.agency, kind)
    if problem:
        raise AccessRequestError(problem)


def _requester_problem(user, agency: Agency, kind: str) -> str:
    roles = set(
        Membership.objects.filter(user=user, agency=agency).values_list(
            "role", flat=True
        )
    )
    if kind == RequestKind.RETRIEVAL:
        if Role.SUPERVISOR not in roles:
            return (
                "只有监督人员（上级机关、监察、法制、信访）"
                f"可以调取 {agency.name} 的档案。"
            )
        return ""
    if roles & set(REQUESTER_ROLES):
        return ""
    if Role.SUPERVISOR in roles:
        return "监督人员请以“调取”方式申请。"
    return f"您不是 {agency.name} 的工作人员，不能申请查阅其档案。"


@transaction.atomic
def _request_save(request: AccessRequest, materials: list[Material]) -> AccessRequest:
    year = timezone.localdate().year
    for _attempt in range(5):
        taken = AccessRequest.objects.filter(number__startswith=f"CY{year}-").count()
        request.number = f"CY{year}-{taken + 1:05d}"
        try:
            with transaction.atomic():
                request.save()
            break
        except IntegrityError:  # a concurrent request took the number
            continue
    else:
        raise AccessRequestError("登记号分配冲突，请重新提交。")
    request.materials.set(materials)
    return request


def access_request_decide(
    *,
    request: AccessRequest,
    user,
    approve: bool,
    reason: str,
    ground: str = "",
    until: dt.date | None = None,
) -> AccessRequest:
    """Approve (making one grant) or refuse a pending request, once.

    Raises:
        AccessRequestError: the user may not decide it, it is decided already,
            a refusal of a 调取 without a statutory ground, no reason, or an
            `until` in the past or beyond the agency's longest period.
    """
    problem = may_decide(user, request) or _decision_problem(
        request, approve, reason, ground, until
    )
    if problem:
        raise AccessRequestError(problem)
    with transaction.atomic():
        changed = AccessRequest.objects.filter(
            pk=request.pk, status=RequestStatus.PENDING
        ).update(
            status=RequestStatus.APPROVED if approve else RequestStatus.REFUSED,
            decided_by=user,
            decided_at=timezone.now(),
            decision_reason=_decision_text(user, request, reason),
            ground=ground,
        )
        if not changed:
            raise AccessRequestError(
                f"申请 {request.number} 已经审批过，不能再次审批。"
            )
        request.refresh_from_db()
        if approve:
            _grant_make(request, until)
    notify_requester(request)
    return request


def _decision_problem(request, approve, reason, ground, until) -> str:
    if request.status != RequestStatus.PENDING:
        return f"申请 {request.number} 已经审批过，不能再次审批。"
    if not reason.strip():
        return "请填写审批意见。"
    refused_retrieval = not approve and request.kind == RequestKind.RETRIEVAL
    if refused_retrieval and ground not in RETRIEVAL_GROUNDS:
        grounds = "、".join(f"{k}（{v}）" for k, v in RETRIEVAL_GROUNDS.items())
        return (
            f"调取只能以法定事由拒绝，请选择（命令行以 --ground 给出）其一：{grounds}。"
        )
    if ground and ground not in RETRIEVAL_GROUNDS:
        return f"未知的拒绝理由：{ground}。"
    if approve and until is not None:
        return _until_problem(request, until)
    return ""


def _until_problem(request: AccessRequest, until: dt.date) -> str:
    today = timezone.localdate()
    if until < today:
        return f"有效期至 {until:%Y-%m-%d} 早于今天（{today:%Y-%m-%d}），不能授权。"
    longest = today + dt.timedelta(days=request.case.agency.access_max_days - 1)
    if until > longest:
        return f"有效期至 {until:%Y-%m-%d} 超过本机关的最长期限（{longest:%Y-%m-%d}）。"
    return ""


def _decision_text(user, request: AccessRequest, reason: str) -> str:
    authorisation = deputy_authorisation(user, request)
    suffix = f"（经主要负责人授权：{authorisation}）" if authorisation else ""
    return (reason.strip() + suffix)[:300]


def _grant_make(request: AccessRequest, until: dt.date | None) -> AccessGrant:
    # A period of N days is today and the N - 1 days after it.
    until = until or timezone.localdate() + dt.timedelta(days=request.days - 1)
    grant = AccessGrant.objects.create(
        request=request,
        user=request.requester,
        case=request.case,
        kind=request.kind,
        until=until,
    )
    case_event_record(
        case=request.case,
        event_type=EventType.ACCESS_GRANTED,
        user=request.decided_by,
        detail=(
            f"批准 {request.requester} 的{request.get_kind_display()}申请 "
            f"{request.number}，有效期至 {until:%Y-%m-%d}：{request.reason}"
        ),
        outcome_detail={"request": request.number, "until": until.isoformat()},
    )
    return grant


@transaction.atomic
def access_grant_revoke(*, grant: AccessGrant, by, reason: str) -> AccessGrant:
    """End a grant now; later reads under it are refused."""
    if not reason.strip():
        raise AccessRequestError("请填写撤销理由。")
    if grant.revoked_at:
        raise AccessRequestError(f"授权 {grant.request.number} 已经撤销。")
    grant.revoked_at, grant.revoked_by, grant.revoke_reason = (
        timezone.now(),
        by,
        reason.strip()[:300],
    )
    grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return _grant_ended(
        grant, by, f"撤销 {grant.user} 的授权 {grant.request.number}：{reason.strip()}"
    )


@transaction.atomic
def access_grant_return(*, grant: AccessGrant, by) -> AccessGrant:
    """Record the return of a loan (借阅): the grant ends with it."""
    if grant.kind != RequestKind.LOAN:
        raise AccessRequestError(f"{grant.request.number} 不是借阅，无需归还。")
    if grant.returned_at:
        raise AccessRequestError(f"{grant.request.number} 已于此前归还。")
    grant.returned_at = timezone.now()
    grant.save(update_fields=["returned_at"])
    return _grant_ended(grant, by, f"借阅 {grant.request.number} 已归还")


def _grant_ended(grant: AccessGrant, by, detail: str) -> AccessGrant:
    """The case's history records that a grant no longer opens anything."""
    case_event_record(
        case=grant.case,
        event_type=EventType.ACCESS_REVOKED,
        user=by,
        detail=detail,
        outcome_detail={"request": grant.request.number},
    )
    return grant


@dataclass(frozen=True)
class ContentDecision:
    """The gate's answer: allowed or not, why, and under which grant."""

    allowed: bool
    why: str
    grant: AccessGrant | None = None
    custodian: bool = False


def grants_active(*, user, case: Case, kinds=READ_KINDS):
    """The user's grants on `case` that open something today."""
    return AccessGrant.objects.filter(
        user=user,
        case=case,
        kind__in=kinds,
        revoked_at__isnull=True,
        returned_at__isnull=True,
        until__gte=timezone.localdate(),
    ).select_related("request")


def content_decision(user, case: Case, material: Material | None = None):
    """May `user` read `material` of `case` (the dossier's documents: None)?"""
    if not (user and user.is_authenticated and user.is_active):
        return ContentDecision(False, "未登录或账号已停用。")
    grant = grant_covering(user=user, case=case, material=material)
    if grant is not None:
        return ContentDecision(
            True,
            f"依 {grant.request.number} 授权查阅，至 {grant.until:%Y-%m-%d}。",
            grant,
        )
    if is_custodian(user, case.agency):
        return ContentDecision(
            True, "本机关档案管理员，档案工作中查阅。", custodian=True
        )
    return ContentDecision(False, _refusal_why(user, case))


def grant_covering(*, user, case: Case, material: Material | None = None):
    """The grant in force that opens `material` (None: the whole dossier), in
    one query: a grant for the whole dossier, or one listing the material."""
    whole = Q(request__materials__isnull=True)
    covering = whole if material is None else whole | Q(request__materials=material)
    return (
        grants_active(user=user, case=case).filter(covering).order_by("-until").first()
    )


def is_custodian(user, agency: Agency) -> bool:
    """Whether `user` keeps `agency`'s records (superuser status does not count).

    Read straight from the agency's object-permission tables (a user's own or
    a group's), in one query.
    """
    perm = Q(
        permission__codename=VIEW_AGENCY_RECORDS.split(".")[1],
        permission__content_type__app_label="dossiers",
        content_object=agency,
    )
    own = AgencyUserObjectPermission.objects.filter(perm, user=user)
    via_group = AgencyGroupObjectPermission.objects.filter(perm, group__user=user)
    kept = Exists(own) | Exists(via_group)
    return Agency.objects.filter(kept, pk=agency.pk).exists()


def _refusal_why(user, case: Case) -> str:
    last = (
        AccessGrant.objects.filter(user=user, case=case)
        .select_related("request")
        .order_by("-until")
        .first()
    )
    if last and last.revoked_at:
        return f"授权 {last.request.number} 已被撤销。"
    if last and last.until < timezone.localdate():
        return f"授权 {last.request.number} 已于 {last.until:%Y-%m-%d} 到期。"
    if last:
        return f"授权 {last.request.number} 不包括该材料，或不是查阅方式。"
    pending = AccessRequest.objects.filter(
        requester=user, case=case, status=RequestStatus.PENDING
    ).first()
    if pending:
        return f"申请 {pending.number} 尚待审批。"
    return "没有有效的查阅授权，请先申请查阅并经批准。"
