"""Admin pages of the archive's door: ask, decide, follow (查阅申请).

- `request_new_view`: the 申请查阅 form, prefilled from `?case=` (and
  `?material=`) by the gate's refusal page; only cases the user sees in the
  catalogue can be asked for (supervisors type a 案号 of an agency they oversee).
- `request_list_view`: 待我审批 / 我的申请 / 全部 (what `requests_visible_to`
  allows) / 借阅未还.
- `request_detail_view`: the request, the rule and article that name its
  approvers, the decision and the grant; approvers decide here, the chief or
  the decider revokes, custodians record a loan's return.

Every write goes through `access_control.consultations`, which enforces the
rules; these views only show its one-line refusals.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from access_control.approval import RETRIEVAL_GROUNDS, RULES, approvers_for, may_decide
from access_control.consultations import (
    AccessRequestError,
    access_grant_return,
    access_grant_revoke,
    access_request_create,
    access_request_decide,
    is_custodian,
)
from access_control.models import (
    AccessGrant,
    AccessRequest,
    Membership,
    RequestKind,
    Role,
)
from access_control.selectors import (
    cases_visible_to,
    requests_awaiting,
    requests_visible_to,
)
from dossiers.models import Case

VIEWS = {
    "todo": "待我审批",
    "mine": "我的申请",
    "all": "全部",
    "loans": "借阅未还",
}


class RequestForm(forms.Form):
    case_number = forms.CharField(label="案号", max_length=100)
    kind = forms.ChoiceField(label="方式", choices=RequestKind.choices)
    for_party = forms.BooleanField(label="为当事人复制", required=False)
    materials = forms.MultipleChoiceField(
        label="材料（不选即整卷）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label="事由", max_length=300)
    days = forms.IntegerField(label="期限（天）", min_value=1, max_value=366, initial=7)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if case is not None:
            self.fields["materials"].choices = [
                (str(m.pk), f"{m.sequence}. {m.title}")
                for m in case.materials.order_by("sequence")
            ]


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准"), ("refuse", "不予批准")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="审批意见", max_length=300)
    ground = forms.ChoiceField(
        label="不予提供的法定事由（调取）",
        choices=[("", "——"), *RETRIEVAL_GROUNDS.items()],
        required=False,
    )
    until = forms.DateField(
        label="有效期至（不填则按申请期限）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def request_new_view(request: HttpRequest):
    """The 申请查阅 form."""
    case = _case_for_form(request)
    form = RequestForm(request.POST or None, case=case, initial=_initial(request, case))
    if request.method == "POST" and form.is_valid():
        case = case or _case_typed(request, form)
        if case is not None:
            filed = _file(request, form, case)
            if filed is not None:
                return redirect("access_request_detail", filed.pk)
    return TemplateResponse(
        request,
        "archive_site/admin/access_request_new.html",
        {"form": form, "case": case},
    )


def _case_for_form(request: HttpRequest) -> Case | None:
    pk = request.POST.get("case") or request.GET.get("case", "")
    if not pk.isdigit():
        return None
    return cases_visible_to(user=request.user).filter(pk=int(pk)).first()


def _initial(request: HttpRequest, case: Case | None) -> dict:
    material = request.GET.get("material", "")
    return {
        "case_number": case.case_number if case else "",
        "materials": [material] if material.isdigit() else [],
        "kind": RequestKind.VIEW,
    }


def _case_typed(request: HttpRequest, form: RequestForm) -> Case | None:
    """A 案号 typed by a supervisor: cases of the agencies they oversee."""
    overseen = Membership.objects.filter(user=request.user).values("agency")
    cases = Case.objects.filter(
        case_number=form.cleaned_data["case_number"].strip(), agency__in=overseen
    )
    if cases.count() != 1:
        form.add_error("case_number", "没有找到该案号的案件，或该案号不唯一。")
        return None
    return cases.get()


def _file(request: HttpRequest, form: RequestForm, case: Case):
    chosen = [int(pk) for pk in form.cleaned_data["materials"]]
    try:
        filed = access_request_create(
            user=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            materials=case.materials.filter(pk__in=chosen),
            days=form.cleaned_data["days"],
            for_party=form.cleaned_data["for_party"],
        )
    except AccessRequestError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, f"已提交申请 {filed.number}：{RULES[filed.rule].label}。")
    return filed


def request_list_view(request: HttpRequest):
    """待我审批 by default when there is something to decide, else 我的申请."""
    awaiting = requests_awaiting(user=request.user)
    view = request.GET.get("view") or ("todo" if awaiting.exists() else "mine")
    rows = {
        "todo": awaiting,
        "mine": AccessRequest.objects.filter(requester=request.user),
        "all": requests_visible_to(user=request.user),
        "loans": _loans_out(request.user),
    }.get(view)
    if rows is None:
        raise Http404("没有这个列表。")
    return TemplateResponse(
        request,
        "archive_site/admin/access_request_list.html",
        {
            "rows": rows.select_related("case", "requester")[:500],
            "view": view,
            "views": VIEWS,
            "today": timezone.localdate(),
        },
    )


def _loans_out(user):
    out = AccessGrant.objects.filter(
        kind=RequestKind.LOAN, returned_at__isnull=True, revoked_at__isnull=True
    ).values("request")
    return requests_visible_to(user=user).filter(pk__in=out).order_by("grant__until")


def request_detail_view(request: HttpRequest, pk: int):
    """One request; approvers decide it here."""
    access_request = requests_visible_to(user=request.user).filter(pk=pk).first()
    if access_request is None:
        raise Http404("没有找到该申请。")
    if request.method == "POST":
        _act(request, access_request)
        return redirect("access_request_detail", pk)
    grant = AccessGrant.objects.filter(request=access_request).first()
    context = {
        "access_request": access_request,
        "rule": RULES[access_request.rule],
        "approvers": approvers_for(access_request),
        "may_decide": not may_decide(request.user, access_request),
        "form": DecisionForm(),
        "grant": grant,
        "may_revoke": _may_revoke(request.user, grant),
        "may_return": grant is not None
        and grant.kind == RequestKind.LOAN
        and not grant.returned_at
        and is_custodian(request.user, access_request.case.agency),
        "today": timezone.localdate(),
        "ground": RETRIEVAL_GROUNDS.get(access_request.ground, ""),
    }
    return TemplateResponse(
        request, "archive_site/admin/access_request_detail.html", context
    )


def _may_revoke(user, grant: AccessGrant | None) -> bool:
    if grant is None or grant.revoked_at:
        return False
    chief = Membership.objects.filter(
        user=user, agency=grant.case.agency, role=Role.CHIEF
    ).exists()
    return chief or grant.request.decided_by_id == user.pk


def _act(request: HttpRequest, access_request: AccessRequest) -> None:
    action = request.POST.get("action", "decide")
    grant = AccessGrant.objects.filter(request=access_request).first()
    try:
        if action in ("revoke", "return") and grant is None:
            raise AccessRequestError(f"申请 {access_request.number} 没有授权。")
        if action == "revoke" and _may_revoke(request.user, grant):
            access_grant_revoke(
                grant=grant,
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, f"已撤销 {access_request.number} 的授权。")
        elif action == "return":
            _return(request, access_request)
        else:
            _decide(request, access_request)
    except AccessRequestError as exc:
        messages.error(request, str(exc))


def _return(request: HttpRequest, access_request: AccessRequest) -> None:
    if not is_custodian(request.user, access_request.case.agency):
        raise AccessRequestError("只有本机关档案管理员可以登记归还。")
    grant = AccessGrant.objects.get(request=access_request)
    access_grant_return(grant=grant, by=request.user)
    messages.success(request, f"已登记 {access_request.number} 归还。")


def _decide(request: HttpRequest, access_request: AccessRequest) -> None:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        problems = "；".join(
            f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items()
        )
        raise AccessRequestError(problems)
    data = form.cleaned_data
    access_request_decide(
        request=access_request,
        user=request.user,
        approve=data["verdict"] == "approve",
        reason=data["reason"],
        ground=data["ground"],
        until=data["until"],
    )
    status = AccessRequest.objects.get(pk=access_request.pk).get_status_display()
    messages.success(request, f"{access_request.number} {status}。")
