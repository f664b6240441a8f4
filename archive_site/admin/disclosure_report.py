"""政府信息公开年度报告 in the admin: the year's table, its files, the review figures.

Only 信息公开 staff see it (`desk_agency_ids`: 信息公开工作人员 and
信息公开工作机构负责人), and only for their own agencies: the agency choice
offers nothing else, and anyone without such a role is refused (403). The
table and the XLSX/PDF/JSON files come from `access_control.disclosure.report`
and `report_files`; the 行政复议/行政诉讼 figures the archive cannot know are
entered here by the agency's staff (`review_figures_save`). The report holds
counts only, no applicant's data, so reading it is not an access-log entry.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from access_control.disclosure.report import (
    COLUMNS,
    REVIEW_CELLS,
    REVIEW_MAX,
    REVIEW_PARTS,
    annual_report,
    review_figures_save,
)
from access_control.disclosure.report_files import FORMATS, report_file
from access_control.disclosure.selectors import desk_agency_ids
from dossiers.models import Agency

FIRST_YEAR, LAST_YEAR = 2008, 2200


class ReportForm(forms.Form):
    """Which table: one of the user's desk agencies and a year."""

    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None)
    year = forms.IntegerField(
        label="年度",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": "年度应为四位数字，例如 2025。",
            "min_value": f"年度应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。",
            "max_value": f"年度应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。",
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class FiguresForm(forms.Form):
    """The twelve cells of 行政复议/行政诉讼 (totals are computed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part, part_label in REVIEW_PARTS:
            for cell, cell_label in REVIEW_CELLS:
                self.fields[f"{part}__{cell}"] = forms.IntegerField(
                    label=f"{part_label} {cell_label}",
                    min_value=0,
                    max_value=REVIEW_MAX,
                    initial=0,
                    error_messages={
                        "required": f"请填写“{part_label} {cell_label}”（没有填 0）。",
                        "invalid": f"“{part_label} {cell_label}”应为整数。",
                        "min_value": f"“{part_label} {cell_label}”不能为负数。",
                        "max_value": f"“{part_label} {cell_label}”过大。",
                    },
                )

    def figures(self) -> dict:
        data = self.cleaned_data
        return {
            part: {cell: data[f"{part}__{cell}"] for cell, _label in REVIEW_CELLS}
            for part, _label in REVIEW_PARTS
        }


def _desk_agencies(user):
    ids = desk_agency_ids(user)
    if not ids:
        raise PermissionDenied("只有信息公开工作人员可以查看政府信息公开年度报告。")
    return Agency.objects.filter(pk__in=ids).order_by("name")


def report_view(request: HttpRequest) -> HttpResponse:
    """The table for the chosen agency and year; `?format=` downloads it."""
    agencies = _desk_agencies(request.user)
    query = request.GET.copy()
    query.setdefault("agency", str(agencies[0].pk))
    query.setdefault("year", str(timezone.localdate().year - 1))
    form = ReportForm(query, agencies=agencies)
    if not form.is_valid():
        return _page(request, form, None)
    report = annual_report(
        year=form.cleaned_data["year"], agency=form.cleaned_data["agency"]
    )
    kind = request.GET.get("format", "")
    if kind in FORMATS:
        data, media_type, name = report_file(report, kind)
        response = HttpResponse(data, content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return _page(request, form, report)


def _page(request, form, report, figures_form=None) -> TemplateResponse:
    if report is not None and figures_form is None:
        initial = {
            f"{part}__{cell}": report.review[part][cell]
            for part, _l in REVIEW_PARTS
            for cell, _c in REVIEW_CELLS
        }
        figures_form = FiguresForm(initial=initial)
    return TemplateResponse(
        request,
        "archive_site/admin/disclosure_report.html",
        {
            "form": form,
            "report": report,
            "columns": [label for _code, label in COLUMNS],
            "rows": [_cells(row) for row in report.rows] if report else [],
            "review": _review_rows(report) if report else [],
            "figures_form": figures_form,
            "formats": sorted(FORMATS),
        },
    )


def _cells(row) -> dict:
    values = row.values or {}
    return {
        "label": row.label,
        "heading": row.values is None,
        "values": [values.get(code, "") for code, _label in COLUMNS],
    }


def _review_rows(report) -> list[dict]:
    return [
        {"label": label, "values": list(report.review[part].values())}
        for part, label in REVIEW_PARTS
    ]


@require_POST
def figures_view(request: HttpRequest) -> HttpResponse:
    """Keep the 行政复议/行政诉讼 figures of one desk agency's year."""
    agencies = _desk_agencies(request.user)
    form = ReportForm(request.POST, agencies=agencies)
    figures_form = FiguresForm(request.POST)
    if not form.is_valid():
        return _page(request, form, None)
    agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
    if not figures_form.is_valid():
        return _page(
            request, form, annual_report(year=year, agency=agency), figures_form
        )
    try:
        review_figures_save(
            agency=agency, year=year, figures=figures_form.figures(), by=request.user
        )
    except ValidationError as exc:
        figures_form.add_error(None, exc)
        return _page(
            request, form, annual_report(year=year, agency=agency), figures_form
        )
    messages.success(
        request, f"已保存 {agency.name} {year} 年度行政复议、行政诉讼情况。"
    )
    return redirect(f"{reverse('disclosure_report')}?agency={agency.pk}&year={year}")


class ReportMenuItem(MenuItem):
    """Shown only to 信息公开 staff."""

    def is_shown(self, request):
        return bool(desk_agency_ids(request.user))


def report_menu_item() -> MenuItem:
    return ReportMenuItem(
        "政府信息公开年度报告",
        reverse("disclosure_report"),
        icon_name="table",
        order=175,
    )


def report_urls() -> list:
    return [
        path("archive/disclosure-report/", report_view, name="disclosure_report"),
        path(
            "archive/disclosure-report/figures/",
            figures_view,
            name="disclosure_report_figures",
        ),
    ]
