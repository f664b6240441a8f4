"""The 查阅登记簿 in the admin: the list of every request and its use, and exports.

Who may read an agency's register: its custodians (档案管理员) and its chief
(主要负责人), as `access_control.selectors.register_agencies_for` says; the
agency filter offers only those agencies and anyone with none gets a 404.
The rows and the XLSX, CSV and PDF files come from `access_control.register`;
this view checks the filters (agency, local days of filing, requester) and
serves the page or the file as an attachment.

Reading the register reads case metadata, so each page view and each export
writes one access-log entry (事由 `ReadPurpose.REGISTER_READ`, `data`: the
filters, the format and the number of rows) before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils import timezone

from access_control.models import AccessAction, ReadPurpose
from access_control.register import (
    HEADERS,
    TITLE,
    register_csv,
    register_pdf,
    register_rows,
    register_xlsx,
)
from access_control.selectors import register_agencies_for
from access_control.services import access_log_record

EXPORTS = {
    "xlsx": (
        register_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (register_csv, "text/csv; charset=utf-8"),
    "pdf": (lambda rows: register_pdf(rows, title=TITLE), "application/pdf"),
}
PER_PAGE = 100
FIRST_YEAR, LAST_YEAR = 1949, 2200


def _day_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "日期应为 YYYY-MM-DD 格式，例如 2026-12-01。"},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RegisterFilterForm(forms.Form):
    """The register's filters: one agency, local days of filing, a requester."""

    agency = forms.ModelChoiceField(label="执法机关", queryset=None, empty_label=None)
    person = forms.CharField(label="查阅人（用户名）", max_length=150, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        # `from` and `to`, as the access_register command names them.
        self.fields["from"] = _day_field("登记日期自")
        self.fields["to"] = _day_field("至")
        self.order_fields(["agency", "from", "to", "person"])

    def clean_from(self) -> dt.date | None:
        return _in_range(self.cleaned_data["from"])

    def clean_to(self) -> dt.date | None:
        return _in_range(self.cleaned_data["to"])

    def clean_person(self):
        username = self.cleaned_data["person"].strip()
        if not username:
            return None
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise forms.ValidationError(f"没有用户名为“{username}”的用户。")
        return person

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "start": data["from"],
            "end": data["to"],
            "person": data["person"],
        }


def _in_range(day: dt.date | None) -> dt.date | None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise forms.ValidationError(f"日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。")
    return day


def register_view(request: HttpRequest) -> HttpResponse:
    """The register page; `?format=xlsx|csv|pdf` downloads it instead."""
    agencies = register_agencies_for(user=request.user)
    if not agencies.exists():
        raise Http404("没有可查阅的查阅登记簿。")
    form = RegisterFilterForm(_with_agency(request.GET, agencies), agencies=agencies)
    kind = request.GET.get("format", "")
    if form.is_valid() and kind and kind not in EXPORTS:
        form.add_error(None, "导出格式只能是 XLSX、CSV 或 PDF。")
    if not form.is_valid():
        return _page(request, form, rows=None)
    rows = register_rows(**form.filters())
    _log(request, form, kind, len(rows))
    if kind:
        return _export(rows, kind, form.cleaned_data["agency"])
    return _page(request, form, rows=rows)


def _with_agency(params: QueryDict, agencies) -> QueryDict:
    """The filters, with the user's first agency when none is chosen."""
    params = params.copy()
    if not params.get("agency"):
        params["agency"] = str(agencies.first().pk)
    return params


def _log(request: HttpRequest, form: RegisterFilterForm, kind: str, count: int):
    data = form.cleaned_data
    details = {
        "register": data["agency"].code,
        "from": data["from"].isoformat() if data["from"] else "",
        "to": data["to"].isoformat() if data["to"] else "",
        "person": data["person"].get_username() if data["person"] else "",
        "format": kind,
        "rows": count,
    }
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD if kind else AccessAction.VIEW_CASE,
        obj=data["agency"],
        request=request,
        reason=ReadPurpose.REGISTER_READ,
        data={key: value for key, value in details.items() if value != ""},
    )


def _export(rows, kind: str, agency) -> HttpResponse:
    write, content_type = EXPORTS[kind]
    response = HttpResponse(write(rows), content_type=content_type)
    name = quote(f"{TITLE}-{agency.code}-{timezone.localdate():%Y%m%d}.{kind}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page(request: HttpRequest, form: RegisterFilterForm, *, rows) -> HttpResponse:
    page = Paginator(rows or [], PER_PAGE).get_page(request.GET.get("p"))
    query = form.data.copy()
    for key in ("format", "p"):
        query.pop(key, None)
    context = {
        "form": form,
        "headers": HEADERS,
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "exports": EXPORTS,
    }
    return TemplateResponse(request, "archive_site/admin/access_register.html", context)
