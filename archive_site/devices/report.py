"""音像记录合规情况 in the admin: per officer and per section, by agency and
year, with an XLSX download (`?format=xlsx`).

The counts are SQL aggregates over the rows `dossiers.devices.compliance`
keeps from the regulation checks (`dossiers.devices.selectors.av_report`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from archive_site.devices.scope import (
    REPORT_DENIED,
    av_report_sections_for,
    device_agencies_for,
)
from dossiers.devices.compliance import CODE_LABELS
from dossiers.devices.selectors import (
    BY_OFFICER,
    BY_SECTION,
    ReportRow,
    Sections,
    av_report,
    av_report_years,
)
from dossiers.models import Agency
from dossiers.spreadsheets import xlsx_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLES = {BY_OFFICER: "按执法人员", BY_SECTION: "按承办科室"}


class ReportFilterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, required=False, label="执法机关")
    year = forms.IntegerField(
        required=False, min_value=1949, max_value=9999, label="结案年度"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "全部"


@dataclass(frozen=True)
class ReportScope:
    """What the report counts: whole agencies, and a 科室负责人's sections."""

    agencies: QuerySet
    sections: Sections = ()

    @classmethod
    def for_user(cls, user) -> ReportScope:
        return cls(device_agencies_for(user=user), av_report_sections_for(user=user))

    @classmethod
    def of(cls, user) -> ReportScope:
        """Raises PermissionDenied when `user` may see no figure at all."""
        scope = cls.for_user(user)
        if not scope.visible():
            raise PermissionDenied(REPORT_DENIED)
        return scope

    def visible(self) -> bool:
        """Whether the report has anything for this scope to see."""
        return bool(self.sections) or self.agencies.exists()

    def choices(self) -> QuerySet[Agency]:
        pks = [agency for agency, _ in self.sections]
        return Agency.objects.filter(Q(pk__in=self.agencies) | Q(pk__in=pks))

    def narrowed(self, agency: Agency | None) -> ReportScope:
        if agency is None:
            return self
        sections = tuple(s for s in self.sections if s[0] == agency.pk)
        return ReportScope(self.agencies.filter(pk=agency.pk), sections)

    def tables(self, year) -> dict[str, list[ReportRow]]:
        return {
            by: av_report(
                agencies=self.agencies, sections=self.sections, year=year, by=by
            )
            for by in TITLES
        }


@require_GET
def av_report_view(request: HttpRequest) -> HttpResponse:
    scope = ReportScope.of(request.user)
    form = ReportFilterForm(request.GET or None, agencies=scope.choices())
    year = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        scope = scope.narrowed(form.cleaned_data["agency"])
    elif form.is_bound:
        scope = ReportScope(scope.agencies.none())
    tables = scope.tables(year)
    if request.GET.get("format") == "xlsx" and form.is_valid():
        return _download(tables, year)
    query = request.GET.copy()
    query["format"] = "xlsx"
    return TemplateResponse(
        request,
        "archive_site/admin/devices/report.html",
        {
            "form": form,
            "tables": [(TITLES[by], rows) for by, rows in tables.items()],
            "labels": list(CODE_LABELS.values()),
            "years": av_report_years(agencies=scope.agencies, sections=scope.sections),
            "sections": _section_names(scope.sections),
            "xlsx_query": query.urlencode(),
        },
    )


def _section_names(sections: Sections) -> list[str]:
    names = dict(
        Agency.objects.filter(pk__in=[a for a, _ in sections]).values_list("pk", "name")
    )
    return [f"{names[agency]}·{department}" for agency, department in sections]


def report_xlsx(tables: dict[str, list[ReportRow]]) -> bytes:
    """One sheet per grouping: agency, name, recordings, each problem's count."""
    from openpyxl import Workbook  # openpyxl (37 MB with numpy): loaded on first use

    workbook = Workbook()
    workbook.remove(workbook.active)
    for by, rows in tables.items():
        sheet = workbook.create_sheet(TITLES[by])
        name = "执法人员" if by == BY_OFFICER else "承办科室"
        xlsx_append(sheet, ["执法机关", name, "音像记录数", *CODE_LABELS.values()])
        for row in rows:
            xlsx_append(sheet, [row.agency, row.name, row.recordings, *row.cells()])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _download(tables, year) -> HttpResponse:
    response = HttpResponse(report_xlsx(tables), content_type=XLSX)
    name = f"av-compliance-{year or 'all'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
