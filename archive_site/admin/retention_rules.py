"""保管期限表 in the admin: each agency's schedule, and a new line for it.

Open to the archivists, appraisers and chief of the agency
(`access_control.selectors.retention_agencies_for`); anyone else gets a 404.
The page shows the seeds' defaults (000 §34, 004 §19), the rows in force
today and every row ever made (who, when, from when). A new row goes through
`preservation.retention.schedule.retention_rule_create` and applies to
dossiers sealed from its effective date on; rows are never edited or deleted.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from access_control.selectors import retention_agencies_for
from preservation.models import RetentionRule
from preservation.retention.schedule import (
    retention_rule_create,
    rules_in_force,
    seeds_schedule,
)

FIELDS = [
    "agency",
    "category",
    "procedure",
    "trigger",
    "retention",
    "effective_from",
    "basis",
]


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


@require_http_methods(["GET", "POST"])
def retention_rules(request):
    """The user's agencies' schedules; POST adds one row."""
    agencies = retention_agencies_for(user=request.user)
    if not agencies.exists():
        raise Http404("没有找到该页面。")
    form = RetentionRuleForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            rule = retention_rule_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"已添加 {rule.agency.name} 的保管期限表条目，"
                f"{rule.effective_from:%Y-%m-%d} 起封存的案卷适用。",
            )
            return redirect("archive_retention_rules")
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "archive_site/admin/retention/rules.html",
        {
            "form": form,
            "defaults": seeds_schedule(),
            "in_force": [(a, rules_in_force(a, today)) for a in agencies],
            "history": RetentionRule.objects.filter(agency__in=agencies)
            .select_related("agency", "created_by")
            .order_by("agency__name", "-effective_from", "-pk"),
        },
    )


class RetentionRulesMenuItem(MenuItem):
    def is_shown(self, request):
        return retention_agencies_for(user=request.user).exists()


def retention_rules_menu_item() -> MenuItem:
    return RetentionRulesMenuItem(
        "保管期限表",
        reverse("archive_retention_rules"),
        icon_name="list-ul",
        order=620,
    )


def retention_rules_urls() -> list:
    return [
        path(
            "archive/retention/rules/",
            retention_rules,
            name="archive_retention_rules",
        )
    ]
