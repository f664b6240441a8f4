"""保管期限届满 (the due list) and the dashboard's counts per year.

The page lists what `preservation.retention.due` finds for the agencies in
which the user is an archivist, an appraiser or the chief
(`access_control.selectors.retention_agencies_for`); nobody else sees the
page or the panel (a 404 / no panel), superusers included. Held cases are
listed with their holds, for the disposition batch to leave out. The list
shows the catalogue only (档号, title, dates), so reading it is not logged.
"""

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from access_control.selectors import retention_agencies_for
from preservation.retention.due import (
    dossiers_due,
    due_counts_by_year,
    due_rows,
    end_of_this_year,
)

PAGE_SIZE = 50


def _agencies_or_404(request):
    agencies = retention_agencies_for(user=request.user)
    if not agencies.exists():
        raise Http404("没有找到该页面。")
    return agencies


def _by_date(text: str) -> tuple[dt.date, str]:
    try:
        return (dt.date.fromisoformat(text), "") if text else (end_of_this_year(), "")
    except ValueError:
        return end_of_this_year(), f"日期格式应为 YYYY-MM-DD：{text}，已按本年末列出。"


@require_GET
def retention_due_list(request):
    """The dossiers due by `?by=` (default the end of this year)."""
    agencies = _agencies_or_404(request)
    by, problem = _by_date(request.GET.get("by", "").strip())
    # Matched in Python: a code that is not one of theirs (or not even UTF-8)
    # lists all of their agencies, and never reaches the database.
    code = request.GET.get("agency", "")
    codes = {agency.code: agency.pk for agency in agencies}
    chosen = agencies.filter(pk=codes[code]) if code in codes else agencies
    page = Paginator(dossiers_due(by=by, agencies=chosen), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "archive_site/admin/retention/due_list.html",
        {
            "by": by,
            "problem": problem,
            "agencies": agencies,
            "chosen": code if code in codes else "",
            "page": page,
            "rows": due_rows(page.object_list),
        },
    )


class RetentionDuePanel(Component):
    """Counts due per year, this year and the next nine, for the user's agencies."""

    template_name = "archive_site/admin/retention/due_panel.html"
    name = "retention_due"
    order = 140

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if not retention_agencies_for(user=self.request.user).exists():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        agencies = retention_agencies_for(user=self.request.user)
        year = timezone.localdate().year
        return {
            "name": self.name,
            "counts": due_counts_by_year(agencies=agencies, first_year=year),
            "url": reverse("archive_retention_due"),
        }


class RetentionMenuItem(MenuItem):
    def is_shown(self, request):
        return retention_agencies_for(user=request.user).exists()


def retention_due_menu_item() -> MenuItem:
    return RetentionMenuItem(
        "保管期限届满",
        reverse("archive_retention_due"),
        icon_name="time",
        order=160,
    )


def retention_due_urls() -> list:
    return [
        path("archive/retention/due/", retention_due_list, name="archive_retention_due")
    ]
