"""One sampled dossier's 评查表: its findings as deductions, the reviewer's
own items, remarks and score.

The checklist shows what the dossier's documents say (the findings name
files and quote the record), so opening it is a read of the dossier: it goes
through the content gate (`access_control.gate.read_pass`: a custodian
gives a 事由, anyone else needs a 查阅 grant in force, otherwise the gate's
403 or 404) and writes its access-log entry before anything is shown.
Recording the review (POST) needs `dossier_review.change_dossierreview`, the
round's visibility (`review_rounds.round_or_404`) and the gate as well; the
service `dossier_review_record` scores it and refuses a finished round.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from access_control.gate import read_pass
from access_control.models import AccessAction
from access_control.services import access_log_record
from archive_site.admin.review_rounds import round_or_404
from dossiers.review.models import DossierReview, ItemSource
from dossiers.review.scoring import grade_of
from dossiers.review.services import ReviewerItem, dossier_review_record

CHANGE = "dossier_review.change_dossierreview"


class ChecklistForm(forms.Form):
    confirmed = forms.TypedMultipleChoiceField(
        label="确认扣分的问题", coerce=int, required=False
    )
    description = forms.CharField(label="评查发现的其他问题", required=False)
    article = forms.CharField(label="依据", required=False, max_length=200)
    deduction = forms.IntegerField(
        label="扣分", required=False, min_value=1, max_value=100
    )
    remarks = forms.CharField(label="评查意见", required=False, widget=forms.Textarea)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        findings = review.items.filter(source=ItemSource.FINDING)
        self.fields["confirmed"].choices = [(i.pk, i.description) for i in findings]

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("deduction"):
            self.add_error("deduction", "请填写该问题的扣分（1 到 100）。")
        if data.get("deduction") and not data.get("description"):
            self.add_error("description", "请说明扣分的问题。")
        return data

    def added(self) -> list[ReviewerItem]:
        data = self.cleaned_data
        if not data.get("description"):
            return []
        return [ReviewerItem(data["description"], data["article"], data["deduction"])]


def _review(request, pk: int) -> DossierReview:
    review = (
        DossierReview.objects.select_related("round", "dossier__case__agency")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404("没有找到该评查表。")
    round_or_404(request.user, review.round_id)
    return review


@require_http_methods(["GET", "POST"])
def checklist_view(request, pk: int):
    review = _review(request, pk)
    case = review.dossier.case
    passed = read_pass(request, case)
    if isinstance(passed, HttpResponse):
        return passed
    initial = {"remarks": review.remarks}
    form = ChecklistForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied("您没有评查案卷的权限。")
        if form.is_valid() and _record(request, review, form):
            return redirect("archive_review_checklist", pk=pk)
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        obj=review.dossier,
        case_number=case.case_number,
        request=request,
        reason=passed.reason,
        data={"review": review.round.number, **passed.data},
    )
    return _page(request, review, form)


def _record(request, review, form) -> bool:
    try:
        dossier_review_record(
            review=review,
            user=request.user,
            confirmed=set(form.cleaned_data["confirmed"]),
            added=form.added(),
            remarks=form.cleaned_data["remarks"],
        )
    except ValidationError as exc:
        form.add_error(None, "；".join(exc.messages))
        return False
    messages.success(request, f"已保存 {review.dossier.archival_code} 的评查结果。")
    return True


def _page(request, review, form):
    items = list(review.items.all())
    context = {
        "review": review,
        "form": form,
        "finding_items": [i for i in items if i.source == ItemSource.FINDING],
        "reviewer_items": [i for i in items if i.source == ItemSource.REVIEWER],
        "grade": grade_of(review.score),
        "may_change": review.round.is_open and request.user.has_perm(CHANGE),
    }
    return TemplateResponse(
        request, "archive_site/admin/review/checklist.html", context
    )
