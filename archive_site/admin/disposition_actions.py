"""Executing and cancelling a disposition batch from the admin, each behind a
confirmation page, and the batch look-ups every 销毁鉴定 page shares.

Execution: on an approved batch's page an archivist of its agency chooses
two 监销人 among the agency's people (the approver left out). The
confirmation page (a GET, the choice in the query) lists what will be
destroyed — 档号, 题名, 件数/页数 and the totals — and names the witnesses;
its POST (with CSRF) calls `disposition_execute.batch_execute`, which checks
every rule again and removes the files only after its commit. The result,
or the refusal naming the rule, comes back as a message on the batch page.

Cancellation (撤销): the batch's gatherer or the agency's chief opens a page
saying what cancelling does (the dossiers become free for another batch;
re-appraisals made at approval stand, listed) and posts the reason to
`disposition_cancel.batch_cancel`.

The rules themselves are the services'; this module only asks them, and
hides a control from whom the service would refuse.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from access_control.models import Membership
from access_control.selectors import retention_agencies_for
from dossiers.documents._common import dossier_entries, dossier_totals
from preservation.models import BatchState, DispositionBatch
from preservation.retention.disposition import (
    OPEN_STATES,
    agency_ids_with_role,
    refusal_text,
    username,
)
from preservation.retention.disposition_cancel import (
    batch_cancel,
    batch_cancel_check,
    reappraisals_standing,
)
from preservation.retention.disposition_execute import (
    RULE_APPROVED,
    RULE_WITNESSES,
    WITNESS_ROLES,
    ExecutionResult,
    batch_execute,
)
from preservation.retention.disposition_register import (
    register_execution,
    register_items,
)

RULE_EXECUTOR = "销毁由本机关档案管理员在两名监销人监督下执行"
EXECUTE_TEMPLATE = "archive_site/admin/disposition/execute.html"
CANCEL_TEMPLATE = "archive_site/admin/disposition/cancel.html"


def batches_or_404(request):
    """The batches of the agencies where the user works retention, or a 404."""
    agencies = retention_agencies_for(user=request.user)
    if not agencies.exists():
        raise Http404("没有找到该页面。")
    return DispositionBatch.objects.filter(agency__in=agencies).select_related(
        "agency", "created_by", "approved_by", "cancelled_by"
    )


def batch_or_404(request, pk: int) -> DispositionBatch:
    batch = batches_or_404(request).filter(pk=pk).first()
    if batch is None:
        raise Http404("没有找到该页面。")
    return batch


def witness_candidates(batch: DispositionBatch):
    """The agency's people who may witness its destruction, but the approver."""
    held = Membership.objects.filter(agency=batch.agency, role__in=WITNESS_ROLES)
    users = get_user_model().objects.filter(pk__in=held.values("user"), is_active=True)
    return users.exclude(pk=batch.approved_by_id).order_by("username")


def _execute_refusal(user, batch: DispositionBatch) -> str:
    if batch.state != BatchState.APPROVED:
        return (
            f"批次 {batch.number} {batch.get_state_display()}，不能执行销毁："
            f"{RULE_APPROVED}。"
        )
    if batch.agency_id not in agency_ids_with_role(user, "archivist"):
        return (
            f"用户 {username(user)} 不是 {batch.agency.name} 的档案管理员，"
            f"不能执行销毁：{RULE_EXECUTOR}。"
        )
    return ""


def _cancel_refusal(user, batch: DispositionBatch) -> str:
    try:
        batch_cancel_check(batch, user)
    except (PermissionDenied, ValidationError) as exc:
        return refusal_text(exc)
    return ""


def batch_page_context(request, batch: DispositionBatch) -> dict:
    """What the batch page shows of execution and cancellation."""
    may_execute = not _execute_refusal(request.user, batch)
    witnesses, executed = register_execution(batch)
    return {
        "may_execute": may_execute,
        "witness_choices": witness_candidates(batch) if may_execute else [],
        "may_cancel": batch.state in OPEN_STATES
        and not _cancel_refusal(request.user, batch),
        "execution": {"witnesses": witnesses, "executed": executed},
    }


def _destruction_list(batch: DispositionBatch) -> dict:
    """The dossiers decided 销毁 with their counts, and the totals."""
    rows = []
    for item in register_items(batch):
        totals = dossier_totals(dossier_entries(item.dossier))
        rows.append({"item": item, "items": totals.items, "pages": totals.pages})
    return {
        "rows": rows,
        "total_items": sum(row["items"] for row in rows),
        "total_pages": sum(row["pages"] for row in rows),
    }


def _users(ids: list[str]) -> list:
    """The accounts of the ids given, in their order (an unknown one left out)."""
    numbers = [int(i) for i in ids if i.isdigit()]
    found = get_user_model().objects.in_bulk(numbers)
    return [found[n] for n in numbers if n in found]


def _chosen(batch: DispositionBatch, ids: list[str]) -> tuple[list, str]:
    """Two different candidates chosen, or none and why."""
    if not ids:
        return [], ""
    users = _users(ids)
    allowed = set(witness_candidates(batch).values_list("pk", flat=True))
    if len(ids) != 2 or len({u.pk for u in users} & allowed) != 2:
        return [], f"请选择两名不同的本机关人员监销：{RULE_WITNESSES}。"
    return users, ""


@require_http_methods(["GET", "POST"])
def disposition_execute(request, pk: int):
    """GET: what will be destroyed, and the witnesses; POST: destroy."""
    batch = batch_or_404(request, pk)
    refusal = _execute_refusal(request.user, batch)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
        else:
            _execute(request, batch)
        return redirect("archive_disposition_batch", pk=batch.pk)
    witnesses, problem = _chosen(batch, request.GET.getlist("witness"))
    context = {
        "batch": batch,
        "refusal": refusal,
        "problem": problem,
        "witnesses": witnesses,
        "witness_choices": witness_candidates(batch),
    }
    if not refusal:
        context.update(_destruction_list(batch))
    return TemplateResponse(request, EXECUTE_TEMPLATE, context)


def _execute(request, batch: DispositionBatch) -> None:
    witnesses = _users(request.POST.getlist("witness"))
    try:
        result = batch_execute(batch=batch, witnesses=witnesses)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _result_text(result))


def _result_text(result: ExecutionResult) -> str:
    codes = "、".join(result.destroyed) or "无"
    return (
        f"已执行批次 {result.batch.number}：销毁 {len(result.destroyed)} 卷"
        f"（{codes}）；删除原件 {result.objects_removed} 个，保留仍被其他案件"
        f"引用的原件 {result.objects_kept_shared} 个，删除长期保存包 "
        f"{result.packages_removed} 个。销毁清册已填入监销人与销毁日期。"
    )


@require_http_methods(["GET", "POST"])
def disposition_cancel(request, pk: int):
    """GET: what cancelling does; POST `reason`: cancel the batch."""
    batch = batch_or_404(request, pk)
    if request.method == "POST":
        try:
            batch_cancel(
                batch=batch, user=request.user, reason=request.POST.get("reason", "")
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
            return redirect("archive_disposition_cancel", pk=batch.pk)
        messages.success(request, f"已撤销批次 {batch.number}；其中的案卷可另行组批。")
        return redirect("archive_disposition_batch", pk=batch.pk)
    context = {
        "batch": batch,
        "refusal": _cancel_refusal(request.user, batch),
        "items": batch.items.select_related("dossier", "dossier__case"),
        "reappraisals": reappraisals_standing(batch),
    }
    return TemplateResponse(request, CANCEL_TEMPLATE, context)


def action_urls(base: str) -> list:
    return [
        path(
            f"{base}<int:pk>/execute/",
            disposition_execute,
            name="archive_disposition_execute",
        ),
        path(
            f"{base}<int:pk>/cancel/",
            disposition_cancel,
            name="archive_disposition_cancel",
        ),
    ]
