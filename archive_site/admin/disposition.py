"""销毁鉴定 (disposition batches) in the admin: the list, a batch's page with
its appraisal forms and approval, and the 销毁清册 downloads. Executing and
cancelling a batch, each with its confirmation page, are in
`disposition_actions`.

Only the archivists, appraisers and chief of a batch's agency see it
(`access_control.selectors.retention_agencies_for`); everyone else, superusers
included, gets a 404. Who may gather, appraise or approve is not decided
here: the forms call `preservation.retention.disposition` and
`disposition_approval`, which refuse naming the rule, and the page shows
that refusal. The controls are shown by role only to spare a refused click.
The pages show the catalogue (档号, title, dates), so reading them is not
logged, like the due list.
"""

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.menu import MenuItem

from access_control.selectors import retention_agencies_for
from archive_site.admin import disposition_actions as actions
from preservation.retention.disposition import (
    agency_ids_with_role,
    batch_create,
    creator_agencies,
    item_appraise,
    refusal_text,
)
from preservation.retention.disposition_approval import batch_approve
from preservation.retention.disposition_register import (
    register_header,
    register_pdf,
    register_xlsx,
)

REGISTER_FORMATS = {
    "pdf": (register_pdf, "application/pdf"),
    "xlsx": (
        register_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
OPEN = ("appraising", "pending")


def _refused(request, exc: Exception) -> None:
    messages.error(request, refusal_text(exc))


@require_http_methods(["GET", "POST"])
def disposition_list(request):
    """The batches of the user's agencies; POST `by_date` (and `agency`, for
    an archivist of several) gathers a new one."""
    batches = actions.batches_or_404(request)
    if request.method == "POST":
        try:
            day = dt.date.fromisoformat(request.POST.get("by_date", ""))
            batch = batch_create(
                by_date=day,
                user=request.user,
                agency=request.POST.get("agency", ""),
            )
        except ValueError:
            messages.error(request, "截止日期格式应为 YYYY-MM-DD。")
        except (PermissionDenied, ValidationError) as exc:
            _refused(request, exc)
        else:
            messages.success(request, f"已组批 {batch.number}。")
            return redirect("archive_disposition_batch", pk=batch.pk)
    return TemplateResponse(
        request,
        "archive_site/admin/disposition/batch_list.html",
        {
            "batches": batches[:200],
            "today": timezone.localdate(),
            "agencies": creator_agencies(request.user),
        },
    )


@require_GET
def disposition_batch(request, pk: int):
    """One batch: its dossiers and their appraisal, those left out, approval,
    and the way to its execution or cancellation."""
    batch = actions.batch_or_404(request, pk)
    is_open = batch.state in OPEN
    items = batch.items.select_related("dossier", "dossier__case", "appraised_by")
    exclusions = batch.exclusions.select_related("dossier", "dossier__case", "hold")
    return TemplateResponse(
        request,
        "archive_site/admin/disposition/batch.html",
        {
            "batch": batch,
            "header": register_header(batch),
            "items": items,
            "exclusions": exclusions,
            "may_appraise": is_open
            and batch.agency_id in agency_ids_with_role(request.user, "appraiser"),
            "may_approve": is_open
            and batch.agency_id in agency_ids_with_role(request.user, "chief"),
            **actions.batch_page_context(request, batch),
        },
    )


def _decision(post) -> str:
    decision = post.get("decision", "")
    return f"extend:{post.get('years', '')}" if decision == "extend" else decision


@require_POST
def disposition_appraise(request, pk: int, item_pk: int):
    batch = actions.batch_or_404(request, pk)
    item = batch.items.filter(pk=item_pk).select_related("dossier__case").first()
    if item is None:
        raise Http404("没有找到该页面。")
    try:
        item_appraise(
            batch=batch,
            case_number=item.dossier.case.case_number,
            decision=_decision(request.POST),
            user=request.user,
            opinion=request.POST.get("opinion", ""),
        )
    except (PermissionDenied, ValidationError) as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已鉴定 {item.dossier.archival_code}。")
    return redirect("archive_disposition_batch", pk=batch.pk)


@require_POST
def disposition_approve(request, pk: int):
    batch = actions.batch_or_404(request, pk)
    try:
        batch_approve(
            batch=batch, user=request.user, opinion=request.POST.get("opinion", "")
        )
    except (PermissionDenied, ValidationError) as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已批准批次 {batch.number}；销毁待执行。")
    return redirect("archive_disposition_batch", pk=batch.pk)


@require_GET
def disposition_register(request, pk: int, fmt: str):
    """The 销毁清册 as PDF or XLSX."""
    batch = actions.batch_or_404(request, pk)
    if fmt not in REGISTER_FORMATS:
        raise Http404("没有找到该页面。")
    build, content_type = REGISTER_FORMATS[fmt]
    response = HttpResponse(build(batch), content_type=content_type)
    name = f"销毁清册-{batch.number}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


class DispositionMenuItem(MenuItem):
    def is_shown(self, request):
        return retention_agencies_for(user=request.user).exists()


def disposition_menu_item() -> MenuItem:
    return DispositionMenuItem(
        "销毁鉴定", reverse("archive_disposition_list"), icon_name="bin", order=161
    )


def disposition_urls() -> list:
    base = "archive/retention/disposition/"
    return [
        path(base, disposition_list, name="archive_disposition_list"),
        path(f"{base}<int:pk>/", disposition_batch, name="archive_disposition_batch"),
        path(
            f"{base}<int:pk>/items/<int:item_pk>/appraise/",
            disposition_appraise,
            name="archive_disposition_appraise",
        ),
        path(
            f"{base}<int:pk>/approve/",
            disposition_approve,
            name="archive_disposition_approve",
        ),
        path(
            f"{base}<int:pk>/register.<str:fmt>",
            disposition_register,
            name="archive_disposition_register",
        ),
        *actions.action_urls(base),
    ]
