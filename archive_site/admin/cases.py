"""Admin views of cases: the filtered listing and the case page.

Every listing reads through `access_control.selectors`; the case page is a
`LoggedInspectView`, so opening a case writes an access-log entry (its purpose
from `ReadPurpose`) before rendering, and a case not visible is a 404.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.consultations import content_decision
from access_control.rules import can_change_case
from access_control.selectors import agencies_visible_to, cases_visible_to
from archive_site.admin.base import (
    LoggedInspectView,
    ReadOnlyViewSet,
    purpose_context,
)
from archive_site.admin.columns import LocalDateColumn
from archive_site.admin.materials import av_facts, can_correct
from dossiers.codes import Category
from dossiers.models import Case, CaseState
from dossiers.rules import case_check
from dossiers.selectors import case_materials_by_stage, current_dossier
from preservation.retention.holds import holds_of
from preservation.selectors import ingest_report_for_case


class YearFilter(django_filters.NumberFilter):
    """A year between 1949 and 2200: a year 0 or 10^20 is a form error, not a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1949, max_value=2200, **kwargs)


class CaseFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(label="执法机关", queryset=None)
    year = YearFilter(label="结案年度", field_name="closed_on", lookup_expr="year")
    category = django_filters.ChoiceFilter(label="案件类别", choices=Category.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=CaseState.choices)

    class Meta:
        model = Case
        fields = ["agency", "year", "category"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["agency"].queryset = agencies_visible_to(user=request.user)


class ReceivedFilterSet(CaseFilterSet):
    received = django_filters.DateFromToRangeFilter(
        label="接收日期",
        field_name="ingested_at__date",
        widget=DateRangePickerWidget,
    )


class CaseIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Case]:
        visible = cases_visible_to(user=self.request.user).select_related("agency")
        return visible.with_state()


class CaseInspectView(LoggedInspectView):
    template_name = "archive_site/admin/case_inspect.html"
    not_found = "没有找到该案件。"

    def visible(self) -> QuerySet[Case]:
        return cases_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        stages = case_materials_by_stage(case=case)
        for material in (m for group in stages for m in group.materials):
            material.av_facts = av_facts(material)
        context.update(
            case=case,
            stages=stages,
            findings=[f.as_dict() for f in case_check(case)],
            can_correct=bool(stages) and can_correct(self.request.user, case),
            report=ingest_report_for_case(case=case),
            events=case.events.order_by("event_datetime", "pk"),
            parties=case.parties.all(),
            officers=case.officers.all(),
            dossier=current_dossier(case),
            holds=holds_of(case),
            can_assemble=can_change_case(self.request.user, case),
            **self._preview_context(case),
        )
        return context

    def _preview_context(self, case: Case) -> dict:
        """What the page may show of the content: the gate's own answer."""
        context = purpose_context(self.request, case) | {
            "ask_url": f"{reverse('access_request_new')}?case={case.pk}",
        }
        pk = self.request.GET.get("preview", "")
        material = case.materials.filter(pk=pk).first() if pk.isdigit() else None
        if material is None:
            return context
        material_read = content_decision(self.request.user, case, material)
        return context | {
            "preview": material,
            "preview_allowed": material_read.allowed,
            "preview_why": material_read.why,
            "preview_facts": av_facts(material),
            "preview_url": reverse(
                "access_control:material_content", args=[material.pk]
            ),
            "preview_kind": material.media_type.split("/", 1)[0],
        }


class CaseViewSet(ReadOnlyViewSet):
    model = Case
    icon = "folder-open-inverse"
    menu_label = "案件"
    menu_order = 100
    add_to_admin_menu = False
    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    filterset_class = ReceivedFilterSet
    list_display = [
        "case_number",
        "title",
        Column("agency", label="执法机关"),
        Column("get_category_display", label="案件类别"),
        LocalDateColumn("closed_on", label="结案日期"),
        LocalDateColumn(
            "ingested_at",
            label="接收日期",
            accessor=lambda case: timezone.localdate(case.ingested_at),
            sort_key="ingested_at",
        ),
        Column("get_state_display", label="状态", sort_key="state"),
    ]
    search_fields = ["case_number", "title"]
    ordering = ["-closed_on", "case_number"]
