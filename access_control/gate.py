"""The content gate's question, asked once for every read of content.

`read_pass(request, case, material)` answers with a `ReadPass` (the 事由 and
details to log) or with the response to send instead:

- under a grant, the 事由 is the request's and the log names the request;
- a custodian (the agency's archivist) reads in the course of archival work
  and gives a 事由 once per case per login (`custodian_purpose_set`); until
  then the answer is a page asking for it;
- the agency's 信息公开 staff read what is linked to an open application for
  its 保密审查 (`access_control.disclosure.reading`), logged with the 受理编号;
- anyone else who sees the case in the catalogue gets a 403 page saying why
  and how to ask (申请查阅); someone who does not see it gets a 404.

The 事由 is always the reader's, never made up here. A superuser's reads go
through the same gate and are flagged in the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from access_control.consultations import content_decision
from access_control.disclosure.reading import review_link_for
from access_control.models import AccessAction, ReadPurpose
from access_control.rules import can_view_case
from access_control.services import access_log_record
from dossiers.models import Case, Material

SESSION_KEY = "archive_read_purposes"
# The custodian's usual reasons (free text is accepted too).
CUSTODIAN_PURPOSES = ("整理", "鉴定", "审核", "移交")


@dataclass
class ReadPass:
    reason: str
    data: dict[str, Any] = field(default_factory=dict)


def read_pass(
    request: HttpRequest, case: Case, material: Material | None = None
) -> ReadPass | HttpResponse:
    """May this request read `material` of `case` (None: the dossier's documents)?"""
    decision = content_decision(request.user, case, material)
    flags = {"superuser": True} if request.user.is_superuser else {}
    if decision.grant:
        number = decision.grant.request.number
        data = {"request": number, "grant": decision.grant.pk, **flags}
        return ReadPass(decision.grant.request.reason, data)
    if decision.allowed:
        return custodian_pass(request, case)
    # The 信息公开 staff's 保密审查 of what is linked to an open application.
    link = review_link_for(request.user, case, material)
    if link is not None:
        data = {"application": link.application.number, **flags}
        return ReadPass(ReadPurpose.DISCLOSURE, data)
    return _refusal(request, case, material, decision.why)


def custodian_pass(request: HttpRequest, case: Case) -> ReadPass | HttpResponse:
    """A custodian's read of `case`: their 事由 for it, or the page asking for it."""
    purpose = custodian_purpose(request, case)
    if not purpose:
        return _purpose_page(request, case)
    flags = {"superuser": True} if request.user.is_superuser else {}
    return ReadPass(purpose, {"custodian": True, **flags})


def custodian_purpose(request: HttpRequest, case: Case) -> str:
    """The custodian's 事由 for `case`: the one given for this login (only the
    POST form sets it), or a `?purpose=` given with this one request (a GET
    never stores anything)."""
    stored = request.session.get(SESSION_KEY, {}).get(str(case.pk), "")
    return stored or request.GET.get("purpose", "").strip()[:300]


def custodian_purpose_set(request: HttpRequest, case: Case, purpose: str) -> None:
    purposes = dict(request.session.get(SESSION_KEY, {}))
    purposes[str(case.pk)] = purpose.strip()[:300]
    request.session[SESSION_KEY] = purposes


def reader_purpose(request: HttpRequest, case: Case) -> str:
    """The 事由 a catalogue page logs for `case`: the grant's or the custodian's."""
    decision = content_decision(request.user, case)
    if decision.grant:
        return decision.grant.request.reason
    return custodian_purpose(request, case) if decision.allowed else ""


def _purpose_page(request: HttpRequest, case: Case) -> HttpResponse:
    context = {
        "case": case,
        "purposes": CUSTODIAN_PURPOSES,
        "next": request.get_full_path(),
    }
    return render(request, "access_control/purpose.html", context, status=403)


def _refusal(request, case: Case, material, why: str) -> HttpResponse:
    access_log_record(
        user=request.user,
        action=AccessAction.DENIED,
        obj=material or case,
        case_number=case.case_number,
        request=request,
        reason=why,
        data={"path": request.path},
    )
    if not can_view_case(request.user, case):
        raise Http404("没有找到该对象。")
    context = {"case": case, "material": material, "why": why}
    context["ask_url"] = _ask_url(case, material)
    return render(request, "access_control/refused.html", context, status=403)


def _ask_url(case: Case, material: Material | None) -> str:
    try:
        url = reverse("access_request_new")
    except NoReverseMatch:
        return ""
    query = f"?case={case.pk}" + (f"&material={material.pk}" if material else "")
    return url + query
