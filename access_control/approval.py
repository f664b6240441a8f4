"""Who must decide a request to see records, and who may: one set of rules.

Each rule names the role that decides and the article it rests on, and is
shown on the request ("需 科室负责人 同意 — 002 §23"). The first rule that
applies wins, in the order of `RULES`. The agency's 主要负责人 may decide
anything of the agency (000 §35 puts the whole of the archive under them);
nobody decides their own request.

Rules read the case and materials only: they never depend on who asks, so the
same request always needs the same approver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from access_control.models import AccessRequest, Membership, RequestKind, Role
from dossiers.codes import Form
from dossiers.models import Case, Material

AV_FORMS_RECORDED = (Form.AUDIO, Form.VIDEO, Form.PHOTO)


@dataclass(frozen=True)
class ApprovalRule:
    code: str
    role: str
    article: str
    text: str
    deputy_may: bool = False

    @property
    def label(self) -> str:
        roles = Role(self.role).label
        if self.deputy_may:
            roles += " 或经授权的 分管负责人"
        return f"需 {roles} 同意 — {self.article}"


# Grounds on which a supervisor's 调取 may be refused (001 §25: "不得拒绝，
# 但涉及国家秘密等法定事由的除外"); a refusal of a 调取 must name one.
RETRIEVAL_GROUNDS = {
    "state_secret": "涉及国家秘密",
    "trade_secret": "涉及商业秘密且无法律依据",
    "ongoing_investigation": "可能妨碍正在进行的调查、执法、刑事侦查",
    "law_forbids": "法律、行政法规禁止提供",
}

RETRIEVAL = ApprovalRule(
    "retrieval",
    Role.CHIEF,
    "001 §25",
    "上级机关、监察、法制、信访调取音像记录，由主要负责人审批，非法定事由不得拒绝",
)
SENSITIVE = ApprovalRule(
    "sensitive",
    Role.CHIEF,
    "003 §28",
    "涉及商业秘密、个人隐私等的材料，由主要负责人审批",
)
PARTY_COPY = ApprovalRule(
    "party_copy",
    Role.CHIEF,
    "003 §28",
    "当事人复制，须经局主要负责人或其授权的分管负责人同意",
    deputy_may=True,
)
AUDIOVISUAL = ApprovalRule(
    "audiovisual",
    Role.SECTION_HEAD,
    "002 §23",
    "查阅音像记录，须经科室负责人同意",
)
RECORDS = ApprovalRule(
    "records",
    Role.SECTION_HEAD,
    "004 §21",
    "执法档案未经批准不得查阅",
)
RULES: dict[str, ApprovalRule] = {
    r.code: r for r in (RETRIEVAL, SENSITIVE, PARTY_COPY, AUDIOVISUAL, RECORDS)
}


def approval_rule(
    *, case: Case, kind: str, materials: Iterable[Material], for_party: bool
) -> ApprovalRule:
    """The rule that applies to a request for `materials` (all when empty)."""
    scope = list(materials) or list(case.materials.all())
    checks: list[tuple[ApprovalRule, Callable[[], bool]]] = [
        (RETRIEVAL, lambda: kind == RequestKind.RETRIEVAL),
        (SENSITIVE, lambda: bool(case.sensitivity) or _any_sensitive(scope)),
        (PARTY_COPY, lambda: kind == RequestKind.COPY and for_party),
        (AUDIOVISUAL, lambda: any(m.form in AV_FORMS_RECORDED for m in scope)),
    ]
    for rule, applies in checks:
        if applies():
            return rule
    return RECORDS


def _any_sensitive(materials: list[Material]) -> bool:
    return any(m.sensitivity for m in materials)


def approvers_for(request: AccessRequest) -> QuerySet:
    """Everyone who may decide `request` (never its requester)."""
    users = get_user_model().objects.filter(is_active=True)
    memberships = _deciding_memberships(request)
    return (
        users.filter(memberships__in=memberships)
        .exclude(pk=request.requester_id)
        .distinct()
        .order_by("username")
    )


def _deciding_memberships(request: AccessRequest) -> QuerySet[Membership]:
    rule = RULES[request.rule]
    agency = request.case.agency
    memberships = Membership.objects.filter(agency=agency, role=Role.CHIEF)
    if rule.role == Role.SECTION_HEAD and request.case.department:
        memberships |= Membership.objects.filter(
            agency=agency,
            role=Role.SECTION_HEAD,
            department=request.case.department,
        )
    if rule.deputy_may:
        memberships |= Membership.objects.filter(
            agency=agency, role=Role.DEPUTY
        ).exclude(authorisation="")
    return memberships


def may_decide(user, request: AccessRequest) -> str:
    """Why `user` may not decide `request`, or "" when they may."""
    if not (user and user.is_active):
        return "该账号已停用。"
    if user.pk == request.requester_id:
        return "不能审批本人的申请。"
    if not approvers_for(request).filter(pk=user.pk).exists():
        rule = RULES[request.rule]
        return f"您无权审批该申请：{rule.label}。"
    return ""


def deputy_authorisation(user, request: AccessRequest) -> str:
    """The authorisation a deciding deputy acts under ("" for anyone else)."""
    membership = (
        Membership.objects.filter(
            user=user, agency=request.case.agency, role=Role.DEPUTY
        )
        .exclude(authorisation="")
        .first()
    )
    is_chief = Membership.objects.filter(
        user=user, agency=request.case.agency, role=Role.CHIEF
    ).exists()
    return membership.authorisation if membership and not is_chief else ""
