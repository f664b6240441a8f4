"""One application on the 信息公开 desk: the page and its files.

The page shows the applicant's personal data, what is asked, the files, the
deadline with every step of its computation, the history and the forms of
the actions open at this stage (`disclosure_actions` handles them). Each
rendering is a read of personal data: it is logged (查看公开申请, 事由
政府信息公开申请办理, the 受理编号) before the page is built. A file is sent
only to the application's desk staff, logged first, never inline.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from access_control.disclosure.applications import APPLICANT_FIELDS
from access_control.disclosure.files import file_open
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureFile,
    Status,
)
from access_control.disclosure.selectors import is_desk_head
from access_control.models import AccessAction
from archive_site.admin import disclosure_forms as desk_forms
from archive_site.admin.disclosure_desk import (
    application_read_log,
    clock_for,
    desk_application,
    today,
)
from archive_site.admin.disclosure_matching import link_rows, match_hits, match_query

TEMPLATE = "archive_site/admin/disclosure/desk_application.html"
# What the applicant gave (all but the description, shown on its own) and
# how and when it came.
PERSONAL_FIELDS = (
    *(name for name in APPLICANT_FIELDS if name != "description"),
    "channel",
    "submitted_at",
)
# The stages where cases are linked and reviewed (`answers.link_add`).
WORKING = (Status.IN_PROGRESS, Status.CONSULTING)
CONTENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


@require_GET
def application_view(request: HttpRequest, pk: int):
    """The application's page (every look logged before it is built)."""
    application = desk_application(request, pk)
    return application_page(request, application)


def application_page(
    request: HttpRequest,
    application: DisclosureApplication,
    *,
    bound: dict | None = None,
    status: int = 200,
) -> TemplateResponse:
    """Log the look, then render; `bound` holds a posted form with its errors."""
    application_read_log(request, application)
    bound = bound or {}
    context = {
        "application": application,
        "personal": _personal(application),
        "clock": clock_for(application, steps=True),
        "events": application.events.select_related("by"),
        "files": application.files.exclude(kind=DisclosureFile.Kind.LETTER),
        "letters": application.files.filter(kind=DisclosureFile.Kind.LETTER),
        "correction": getattr(application, "correction", None),
        "consultations": application.consultations.all(),
        "deliveries": application.deliveries.select_related("recorded_by"),
        "links": link_rows(application, bound),
        "query": match_query(request, application),
        "hits": match_hits(request, application),
        "forms": _forms(request, application, bound),
        "working": application.status in WORKING,
        "today": today(),
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)


def _personal(application: DisclosureApplication) -> list[tuple[str, object]]:
    rows = []
    for name in PERSONAL_FIELDS:
        field = application._meta.get_field(name)
        display = getattr(application, f"get_{name}_display", None)
        value = display() if display and getattr(application, name) else None
        rows.append((field.verbose_name, value or getattr(application, name)))
    return rows


def _forms(request, application: DisclosureApplication, bound: dict) -> dict:
    """The action forms open at this stage (a posted one keeps its input)."""
    status = application.status
    working = status in WORKING
    offered = {
        "receipt": status == Status.AWAITING_RECEIPT,
        "correction": status == Status.IN_PROGRESS
        and not hasattr(application, "correction"),
        "supplement": status == Status.AWAITING_CORRECTION,
        "consultation_start": status in (Status.IN_PROGRESS, Status.CONSULTING),
        "consultation_end": status == Status.CONSULTING,
        "extension_request": working and application.extension_requested_on is None,
        "extension_decide": working
        and application.extension_requested_on is not None
        and application.extended_on is None
        and is_desk_head(request.user, application),
        "link_add": working,
        "answer": status == Status.IN_PROGRESS,
        "delivery": status == Status.ANSWERED,
    }
    return {
        name: bound.get(name) or _blank(name, application)
        for name, shown in offered.items()
        if shown
    }


def _blank(name: str, application: DisclosureApplication):
    if name == "receipt":
        return desk_forms.ReceiptForm(
            channel=application.channel, initial={"received_on": today()}
        )
    if name == "delivery":
        return desk_forms.DeliveryForm(initial={"delivered_on": today()})
    if name == "supplement":
        return desk_forms.SupplementReceivedForm(initial={"received_on": today()})
    return FORM_CLASSES[name]()


FORM_CLASSES = {
    "correction": desk_forms.CorrectionForm,
    "consultation_start": desk_forms.ConsultationStartForm,
    "consultation_end": desk_forms.ConsultationEndForm,
    "extension_request": desk_forms.ExtensionRequestForm,
    "extension_decide": desk_forms.ExtensionDecideForm,
    "link_add": desk_forms.LinkAddForm,
    "answer": desk_forms.AnswerForm,
}


@require_GET
def file_view(request: HttpRequest, pk: int, file_pk: int):
    """One file of the application (attachment, 补正材料, letter, release)."""
    application = desk_application(request, pk)
    file = application.files.filter(pk=file_pk).first()
    if file is None:
        raise Http404("没有找到该文件。")
    application_read_log(
        request,
        application,
        action=AccessAction.DOWNLOAD,
        obj=file,
        data={"file_name": file.file_name, "sha256": file.digest},
    )
    response = FileResponse(file_open(file), content_type=file.media_type)
    name = quote(file.file_name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_CSP
    response["Cache-Control"] = "private, no-store"
    return response
