"""Admin views of the archive: cases, ingest reports and the access log.

Views are configuration; every read goes through `access_control` selectors
and rules, and opening a case writes an access-log entry before rendering.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from access_control.models import AccessAction, AccessLogEntry, ReadPurpose
from access_control.rules import can_change_case
from access_control.selectors import (
    agencies_visible_to,
    cases_visible_to,
    ingest_reports_visible_to,
)
from access_control.services import access_log_record
from archive_site.columns import LocalDateColumn
from archive_site.material_admin import av_facts, can_correct
from dossiers.codes import Category
from dossiers.models import Case, CaseState
from dossiers.rules import case_check
from dossiers.selectors import case_materials_by_stage, current_dossier
from preservation.models import IngestReport, IngestStatus
from preservation.selectors import ingest_report_for_case
from preservation.services.ingest import (
    AUTHENTICITY,
    INTEGRITY,
    SECURITY,
    USABILITY,
)

FOUR_PROPERTIES = {AUTHENTICITY, INTEGRITY, USABILITY, SECURITY}
PREVIEW_PURPOSE = ReadPurpose.ARCHIVE_REVIEW


class ReadOnlyViewSet(ModelViewSet):
    """A listing and an inspect page; records here are never edited in the admin."""

    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # No add/edit/delete/history pages exist, so no view may link to them.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @property
    def url_finder_class(self):
        # Links to a record from elsewhere (e.g. a user's usage page) open its
        # inspect page: there is no edit page to reverse.
        return type(
            "_InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_inspect_view_kwargs(self, **kwargs):
        # A record page is titled by what it is (案件, 案卷, …), not "检查".
        return super().get_inspect_view_kwargs(
            page_title=self.model._meta.verbose_name, **kwargs
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]


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


class LoggedInspectView(generic.InspectView):
    """An inspect page that only shows permitted objects and logs every read.

    Subclasses say which objects the user may open (`visible`), which case an
    object belongs to (`case_of`) and why it is read (`reason`).
    """

    reason = ReadPurpose.CASE_READ
    not_found = "没有找到该对象。"

    def visible(self) -> QuerySet:
        raise NotImplementedError

    def case_of(self, obj) -> Case:
        return obj

    def get_object(self, queryset=None):
        obj = self.visible().filter(pk=self.pk).first()
        if obj is None:
            access_log_record(
                user=self.request.user,
                action=AccessAction.DENIED,
                request=self.request,
                reason=ReadPurpose.NOT_PERMITTED,
                data={"path": self.request.path},
            )
            raise Http404(self.not_found)
        return obj

    def get(self, request, *args, **kwargs):
        # A hit opened from the search page says so, with the query.
        query = request.GET.get("search", "").strip()[:200]
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW_CASE,
            obj=self.object,
            case_number=self.case_of(self.object).case_number,
            request=request,
            reason=ReadPurpose.SEARCH_HIT if query else self.reason,
            data={"query": query} if query else None,
        )
        return super().get(request, *args, **kwargs)


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
            can_assemble=can_change_case(self.request.user, case),
            **self._preview_context(case),
        )
        return context

    def _preview_context(self, case: Case) -> dict:
        pk = self.request.GET.get("preview", "")
        material = case.materials.filter(pk=pk).first() if pk.isdigit() else None
        if material is None:
            return {}
        url = reverse("access_control:material_content", args=[material.pk])
        return {
            "preview": material,
            "preview_facts": av_facts(material),
            "preview_url": f"{url}?{urlencode({'purpose': PREVIEW_PURPOSE})}",
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


class IngestReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return ingest_reports_visible_to(user=self.request.user)


class IngestReportInspectView(LoggedInspectView):
    """A report shows the case's parties, files and findings: a logged read."""

    template_name = "archive_site/admin/ingest_report_inspect.html"
    reason = ReadPurpose.INGEST_REPORT_READ
    not_found = "没有找到该接收报告。"

    def visible(self) -> QuerySet[IngestReport]:
        return ingest_reports_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        four = [f for f in report.findings if f.get("category") in FOUR_PROPERTIES]
        rules = [f for f in report.findings if f.get("category") not in FOUR_PROPERTIES]
        accepted = report.status == IngestStatus.ACCEPTED
        # A package refused at validation never reached the checks: say so
        # instead of showing an empty, reassuring 四性检测 section.
        context.update(
            four_findings=four,
            regulation_findings=rules,
            four_ran=accepted or bool(four),
            regulation_ran=accepted or bool(rules),
        )
        return context


class IngestReportViewSet(ReadOnlyViewSet):
    model = IngestReport
    icon = "list-ul"
    menu_label = "接收报告"
    menu_order = 300
    index_view_class = IngestReportIndexView
    inspect_view_class = IngestReportInspectView
    list_display = [
        "package_name",
        "case_number",
        Column("get_status_display", label="结果"),
        LocalDateColumn("received_at", label="接收时间"),
    ]
    list_filter = ["status"]


class AccessLogEntryViewSet(ReadOnlyViewSet):
    model = AccessLogEntry
    icon = "history"
    menu_label = "访问日志"
    menu_order = 400
    # The content type is an internal pointer; object_repr says what was read.
    inspect_view_fields_exclude = ["content_type"]
    list_display = [
        "sequence",
        LocalDateColumn("timestamp", label="时间"),
        "username",
        Column("get_action_display", label="操作"),
        "case_number",
        "object_repr",
        "ip_address",
        "reason",
    ]
    list_filter = ["action"]
