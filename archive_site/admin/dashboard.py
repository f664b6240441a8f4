"""The admin home as the archivist's to-do list.

Each panel is a small Wagtail component whose rows come from one selector
below; every selector starts from the `access_control` visibility selectors,
so a panel only ever counts and lists what the user may open. Panels with
nothing to do say so instead of disappearing, so an empty list is visible news.
"""

import json
from datetime import timedelta

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from access_control.selectors import (
    cases_visible_to,
    dossiers_visible_to,
    ingest_reports_visible_to,
    packages_visible_to,
    requests_awaiting,
)
from archive_site.admin.disclosure_inbox import DeskPanel
from archive_site.admin.retention_due import RetentionDuePanel
from dossiers.findings import Severity
from dossiers.models import Case, Dossier, DossierState
from preservation.models import FixityOutcome, IngestReport, PackageCopy

NEW_RECEIPT_DAYS = 14
PANEL_ROWS = 10
# SQLite has no JSON containment lookup, so findings are matched as JSON text
# (SQLite and PostgreSQL both print a key and its value with ": " between
# them); the fragment is built from the Severity constant, not spelt out.
ERROR_FINDING = json.dumps({"severity": Severity.ERROR})[1:-1]


def receipts_new(*, user) -> QuerySet[IngestReport]:
    """Submissions received in the last two weeks, newest first."""
    since = timezone.now() - timedelta(days=NEW_RECEIPT_DAYS)
    return ingest_reports_visible_to(user=user).filter(received_at__gte=since)


def cases_with_errors(*, user) -> QuerySet[Case]:
    """Cases whose ingest found 严重 problems and that are not sealed yet."""
    reports = IngestReport.objects.annotate(text=Cast("findings", TextField()))
    flagged = reports.filter(text__contains=ERROR_FINDING).values("case")
    return (
        cases_visible_to(user=user)
        .filter(pk__in=flagged)
        .exclude(dossiers__state=DossierState.SEALED)
        .order_by("-ingested_at")
    )


def dossiers_awaiting_seal(*, user) -> QuerySet[Dossier]:
    """Dossiers still being arranged and reviewed (整理中), oldest first."""
    return (
        dossiers_visible_to(user=user)
        .filter(state=DossierState.DRAFT)
        .order_by("created_at")
    )


def copies_failed(*, user) -> QuerySet[PackageCopy]:
    """Package copies whose last fixity check left them damaged."""
    return (
        PackageCopy.objects.filter(
            package__in=packages_visible_to(user=user),
            last_outcome=FixityOutcome.FAILED,
        )
        .select_related("package")
        .order_by("last_checked_at")
    )


class TodoPanel(Component):
    """One to-do list: a heading, a count and the first rows with links."""

    template_name = "archive_site/admin/dashboard/panel.html"
    name = ""
    heading = ""
    empty = "暂无待办事项。"
    order = 100

    def __init__(self, request):
        self.request = request

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def row(self, obj) -> tuple[str, str, str]:
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        rows = self.rows()
        return {
            "name": self.name,
            "heading": self.heading,
            "empty": self.empty,
            "count": rows.count(),
            "rows": [self.row(obj) for obj in rows[:PANEL_ROWS]],
        }


class ReceiptsPanel(TodoPanel):
    name, heading, order = "receipts", "新接收的提交包（近 14 日）", 100

    def rows(self):
        return receipts_new(user=self.request.user)

    def row(self, report):
        url = reverse("ingestreport:inspect", args=[report.pk])
        when = timezone.localdate(report.received_at).isoformat()
        return (
            url,
            report.case_number or report.package_name,
            (f"{report.get_status_display()}，{when}"),
        )


class SevereCasesPanel(TodoPanel):
    name, heading, order = "severe", "有严重问题的案件", 110

    def rows(self):
        return cases_with_errors(user=self.request.user)

    def row(self, case):
        return reverse("case:inspect", args=[case.pk]), case.case_number, case.title


class DossiersPanel(TodoPanel):
    name, heading, order = "dossiers", "待审查、待封存的案卷", 120

    def rows(self):
        return dossiers_awaiting_seal(user=self.request.user)

    def row(self, dossier):
        url = reverse("dossier:inspect", args=[dossier.pk])
        return url, dossier.archival_code, f"第 {dossier.version} 版，{dossier.title}"


class FixityPanel(TodoPanel):
    name, heading, order = "fixity", "固定性校验未通过的保存包", 130
    empty = "所有保存包副本最近一次校验均完好或尚未校验。"

    def rows(self):
        return copies_failed(user=self.request.user)

    def row(self, copy):
        url = reverse("package:inspect", args=[copy.package.pk])
        return url, copy.package.identifier, f"{copy.get_location_display()}损坏未修复"


class ApprovalsPanel(TodoPanel):
    name, heading, order = "approvals", "待我审批的查阅申请", 90
    empty = "没有待您审批的申请。"

    def rows(self):
        return requests_awaiting(user=self.request.user).order_by("created_at")

    def row(self, access_request):
        url = reverse("access_request_detail", args=[access_request.pk])
        return (
            url,
            access_request.number,
            f"{access_request.requester} {access_request.get_kind_display()} "
            f"{access_request.case.case_number}：{access_request.reason}",
        )


PANELS = [
    DeskPanel,
    ApprovalsPanel,
    ReceiptsPanel,
    SevereCasesPanel,
    DossiersPanel,
    FixityPanel,
    RetentionDuePanel,
]
