"""The 信息公开 desk's inbox and its to-do panel on the admin home.

The inbox lists the applications of the user's agencies (办理中 / 已答复 /
全部), soonest due first, with the 受理编号, a short excerpt of what is asked
and the clock — and nothing of the applicant: personal data is shown, and
logged, only on the application's own page (`disclosure_detail`).

`DeskPanel` is the desk's part of the admin home: extension requests for the
head to decide, receipts to confirm, then the applications due soonest, the
overdue and the undetermined in red. It is drawn only for 信息公开 staff.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component

from access_control.disclosure.models import (
    OPEN_STATUSES,
    DisclosureApplication,
    Status,
)
from access_control.disclosure.selectors import (
    applications_visible_to,
    desk_agency_ids,
)
from access_control.models import Role
from archive_site.admin.disclosure_desk import CLOCK_STATUSES, clock_for, today

VIEWS = {"open": "办理中", "answered": "已答复", "all": "全部"}
INBOX_ROWS = 300
PANEL_ROWS = 10
EXCERPT_CHARS = 30


def inbox_applications(user, view: str) -> QuerySet[DisclosureApplication]:
    """The applications of one tab, in the order the desk works them."""
    visible = applications_visible_to(user)
    if view == "answered":
        return visible.filter(status=Status.ANSWERED).order_by("-answered_on", "-pk")
    if view == "all":
        return visible.order_by("-submitted_at", "-pk")
    return visible.filter(status__in=OPEN_STATUSES).order_by(
        F("due_on").asc(nulls_last=True), "submitted_at", "pk"
    )


def inbox_row(application: DisclosureApplication) -> dict:
    """One line of the inbox: no name, no number, no contact of the applicant."""
    return {
        "url": reverse("disclosure_application", args=[application.pk]),
        "number": application.number,
        "excerpt": Truncator(application.description).chars(EXCERPT_CHARS),
        "received_on": application.received_on,
        "status": application.get_status_display(),
        "clock": clock_for(application),
    }


def inbox_view(request: HttpRequest):
    """The inbox; users who work no agency's applications are turned away."""
    if not desk_agency_ids(request.user):
        return permission_denied(request)
    view = request.GET.get("view", "open")
    view = view if view in VIEWS else "open"
    applications = inbox_applications(request.user, view)
    # A due date left open is recomputed per row to name the unknown year;
    # its facts (补正, consultations) come with the rows, not one by one.
    listed = applications.select_related("correction").prefetch_related("consultations")
    rows = [inbox_row(a) for a in listed[:INBOX_ROWS]]
    context = {
        "rows": rows,
        "view": view,
        "views": VIEWS,
        "count": applications.count(),
    }
    return TemplateResponse(
        request, "archive_site/admin/disclosure/desk_inbox.html", context
    )


def desk_todo(user) -> list[dict]:
    """The panel's rows: extensions to decide (heads), receipts, due soonest."""
    visible = applications_visible_to(user).filter(status__in=OPEN_STATUSES)
    headed = desk_agency_ids(user, (Role.DISCLOSURE_HEAD,))
    extensions = visible.filter(
        agency_id__in=headed,
        extension_requested_on__isnull=False,
        extended_on__isnull=True,
    ).order_by("extension_requested_on", "pk")
    receipts = visible.filter(status=Status.AWAITING_RECEIPT).order_by("submitted_at")
    due = visible.filter(due_on__isnull=False).order_by("due_on", "pk")
    # Running but without a due date: the count reaches an unknown year.
    undetermined = visible.filter(status__in=CLOCK_STATUSES, due_on__isnull=True)
    rows = [_todo(a, f"延期申请待批准：{a.extension_reason}") for a in extensions]
    rows += [_todo(a, f"待确认收到（{a.get_channel_display()}）") for a in receipts]
    rows += [_due_todo(a) for a in due[:PANEL_ROWS]]
    rows += [_due_todo(a) for a in undetermined.order_by("received_on", "pk")]
    return rows


def _todo(application, detail: str, *, alert: bool = False) -> dict:
    url = reverse("disclosure_application", args=[application.pk])
    return {
        "url": url,
        "label": application.number,
        "detail": detail,
        "alert": alert,
    }


def _due_todo(application) -> dict:
    clock = clock_for(application)
    if clock.due is None:
        return _todo(application, f"答复期限：{clock.left_text}", alert=True)
    detail = f"答复期限 {clock.due:%Y-%m-%d}，{clock.left_text}"
    return _todo(application, detail, alert=clock.overdue)


class DeskPanel(Component):
    """The desk's to-do list on the admin home (信息公开 staff only)."""

    name = "disclosure"
    order = 85

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None) -> str:
        user = self.request.user
        if not desk_agency_ids(user):
            return ""
        rows = desk_todo(user)
        context = {
            "rows": rows[: PANEL_ROWS * 3],
            "count": len(rows),
            "today": today(),
            "inbox": reverse("disclosure_inbox"),
        }
        return render_to_string(
            "archive_site/admin/disclosure/desk_panel.html", context
        )
