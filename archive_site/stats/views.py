"""统计分析 in the admin: one page per dashboard, each chart with its table
and an XLSX download (`?format=xlsx`).

Only people entitled to a whole agency's figures see them (`scope`): the
agency choice offers nothing else, and anyone else is refused
(PermissionDenied, which Wagtail answers with its "no permission" redirect).
The pages show counts, no record's content, so reading them is not an
access-log entry (as the 政府信息公开 annual report).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from archive_site.stats.charts import bar_chart
from archive_site.stats.forms import StatsFilterForm
from archive_site.stats.registry import BY_KEY, DASHBOARDS
from archive_site.stats.scope import stats_agencies_for
from archive_site.stats.workbook import XLSX, figures_xlsx

DENIED = "只有档案管理员、主要负责人和分管负责人可以查看本机关的统计分析。"


def dashboard_view(request: HttpRequest, key: str = "cases") -> HttpResponse:
    """One dashboard for the filter in the query string."""
    dashboard = BY_KEY.get(key)
    if dashboard is None:
        raise Http404("没有这个统计图表。")
    agencies = stats_agencies_for(user=request.user)
    if not agencies.exists():
        raise PermissionDenied(DENIED)
    form = StatsFilterForm(request.GET, agencies=agencies)
    figure = dashboard.compute(form.stats_filter()) if form.is_valid() else None
    if figure is not None and request.GET.get("format") == "xlsx":
        return _download(figure, form)
    charts = [(table, bar_chart(table)) for table in figure.tables] if figure else []
    return TemplateResponse(
        request,
        "archive_site/admin/stats/dashboard.html",
        {
            "dashboards": DASHBOARDS,
            "dashboard": dashboard,
            "form": form,
            "figure": figure,
            "charts": charts,
            "heading": form.heading() if figure else "",
            "xlsx_query": _with_format(request),
        },
    )


def _download(figure, form) -> HttpResponse:
    data = figures_xlsx([figure], heading=form.heading())
    response = HttpResponse(data, content_type=XLSX)
    data_ = form.cleaned_data
    name = f"stats-{figure.key}-{data_['start']}-{data_['end']}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_format(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "xlsx"
    return query.urlencode()
