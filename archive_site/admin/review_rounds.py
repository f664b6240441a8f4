"""案卷评查 in the admin: the rounds, starting one, a round's page and report.

Who sees what: a round belongs to one agency; it is shown to holders of
`dossier_review.view_reviewround` who are the agency's archivists,
supervisors (监督人员), section heads or chiefs (`REVIEW_ROLES`, through
`access_control.selectors.retention_agencies_for`) — a superuser too only
by such a role; a round drawn for all agencies by `review_sample` without
`--agency` is the console's (`review_report`). Starting a
round needs `add_reviewround`, finishing one `change_reviewround`; anyone
else gets Wagtail's refusal, a round of another agency a 404. A round's page
and its 评查报告 show 档号, 案号, scores and the findings' articles — the
catalogue, not the record — so they are not access-log entries; opening a
dossier's checklist is (`review_checklist`).
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from access_control.models import Role
from access_control.selectors import retention_agencies_for
from dossiers.review.models import ReviewRound
from dossiers.review.report import (
    AGENCY_COLUMNS,
    DEFECT_COLUMNS,
    GROUP_COLUMNS,
    REPORT_FORMATS,
    review_report,
)
from dossiers.review.services import review_round_finish, review_round_sample

REVIEW_ROLES = (Role.ARCHIVIST, Role.SUPERVISOR, Role.SECTION_HEAD, Role.CHIEF)
VIEW, ADD, CHANGE = (
    "dossier_review.view_reviewround",
    "dossier_review.add_reviewround",
    "dossier_review.change_reviewround",
)


def review_agencies(user):
    """The agencies whose rounds `user` may see: by role, superusers too (a
    round names cases, which no account sees without a role in their agency)."""
    return retention_agencies_for(user=user, roles=REVIEW_ROLES)


def _require(user, perm: str, what: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"您没有{what}的权限。")


def rounds_visible(user):
    _require(user, VIEW, "查看案卷评查")
    rounds = ReviewRound.objects.select_related("agency")
    return rounds.filter(agency__in=review_agencies(user))


def round_or_404(user, pk: int) -> ReviewRound:
    found = rounds_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该评查批次。")
    return found


class StartForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None)
    year = forms.IntegerField(label="结案年度", min_value=2000, max_value=2200)
    percent = forms.IntegerField(label="抽查比例（%）", min_value=1, max_value=100)
    seed = forms.IntegerField(
        label="随机种子",
        min_value=0,
        max_value=2**62,
        help_text="同一种子、同一案卷目录，抽取结果相同；请记录在评查方案中。",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


@require_http_methods(["GET", "POST"])
def rounds_view(request):
    rounds = rounds_visible(request.user)
    agencies = review_agencies(request.user)
    today = timezone.localdate()
    initial = {"year": today.year - 1, "percent": 10, "seed": int(f"{today:%Y%m%d}")}
    form = StartForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST":
        _require(request.user, ADD, "抽取评查案卷")
        if form.is_valid():
            started = _start(request, form.cleaned_data)
            if started is not None:
                return redirect("archive_review_round", pk=started.pk)
    context = {"rounds": rounds[:200], "form": form}
    context["may_start"] = request.user.has_perm(ADD) and agencies.exists()
    return TemplateResponse(request, "archive_site/admin/review/rounds.html", context)


def _start(request, data) -> ReviewRound | None:
    try:
        review_round, _sections = review_round_sample(user=request.user, **data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return None
    count = review_round.reviews.count()
    messages.success(
        request, f"已建立评查批次 {review_round.number}，抽取 {count} 卷。"
    )
    return review_round


def round_view(request, pk: int):
    """A round's dossiers and its report; `?format=pdf|xlsx` downloads it."""
    review_round = round_or_404(request.user, pk)
    report = review_report(review_round)
    kind = request.GET.get("format", "")
    if kind in REPORT_FORMATS:
        build, media_type = REPORT_FORMATS[kind]
        response = HttpResponse(build(report), content_type=media_type)
        name = quote(f"案卷评查报告-{review_round.number}.{kind}")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        response["Cache-Control"] = "private, no-store"
        return response
    context = {
        "round": review_round,
        "report": report,
        "reviews": review_round.reviews.select_related("dossier__case", "agency"),
        "may_finish": review_round.is_open and request.user.has_perm(CHANGE),
        "section_columns": GROUP_COLUMNS,
        "agency_columns": AGENCY_COLUMNS,
        "defect_columns": DEFECT_COLUMNS,
    }
    return TemplateResponse(request, "archive_site/admin/review/round.html", context)


@require_POST
def round_finish_view(request, pk: int):
    review_round = round_or_404(request.user, pk)
    _require(request.user, CHANGE, "完成评查批次")
    try:
        review_round_finish(review_round=review_round, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"评查批次 {review_round.number} 已完成。")
    return redirect("archive_review_round", pk=pk)
