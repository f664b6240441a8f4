"""Admin views of ingest reports: a listing and a logged inspect page.

A report shows the case's parties, files and findings, so opening one is a
logged read (`LoggedInspectView`); the listing shows only visible reports.
"""

from django.db.models import QuerySet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.models import ReadPurpose
from access_control.selectors import ingest_reports_visible_to
from archive_site.admin.base import LoggedInspectView, ReadOnlyViewSet
from archive_site.admin.columns import LocalDateColumn
from preservation.models import IngestReport, IngestStatus
from preservation.services.ingest import (
    AUTHENTICITY,
    INTEGRITY,
    SECURITY,
    USABILITY,
)

FOUR_PROPERTIES = {AUTHENTICITY, INTEGRITY, USABILITY, SECURITY}


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
