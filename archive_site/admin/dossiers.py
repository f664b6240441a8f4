"""Admin views of dossiers: the dossier page and the archivist's actions on it.

Reading a dossier page is a read of the case (logged, permission-checked like
the case page). Each action is a POST that calls one service; services refuse
anything a sealed dossier forbids, and their ValidationErrors become messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from access_control.exports import KINDS
from access_control.models import ReadPurpose
from access_control.rules import can_change_case
from access_control.selectors import cases_visible_to, dossiers_visible_to
from archive_site.admin.base import LoggedInspectView, ReadOnlyViewSet, purpose_context
from archive_site.admin.columns import LocalDateColumn
from archive_site.admin.seals import seal_confirm_or_seal
from dossiers.findings import Severity
from dossiers.models import Case, Dossier, DossierEntry
from dossiers.services import (
    compiler_default,
    dossier_assemble,
    dossier_entry_move,
    dossier_findings,
    dossier_new_version,
    dossier_update,
)
from preservation.models import Package
from preservation.retention.holds import holds_of

CHANGE_PERMISSION = "dossiers.change_dossier"


def _dossier_for_change(request: HttpRequest, pk: int) -> Dossier:
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    dossier = dossiers_visible_to(user=request.user).filter(pk=pk).first()
    if dossier is None:
        raise Http404("没有找到该案卷。")
    # Seeing a dossier (perhaps by a one-case grant) is not keeping it.
    if not can_change_case(request.user, dossier.case):
        raise PermissionDenied
    return dossier


class DossierIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Dossier]:
        return dossiers_visible_to(user=self.request.user).select_related(
            "case__agency"
        )


class DossierInspectView(LoggedInspectView):
    template_name = "archive_site/admin/dossier_inspect.html"
    reason = ReadPurpose.DOSSIER_REVIEW
    not_found = "没有找到该案卷。"

    def visible(self) -> QuerySet[Dossier]:
        return dossiers_visible_to(user=self.request.user)

    def case_of(self, obj: Dossier) -> Case:
        return obj.case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dossier = self.object
        findings = dossier_findings(dossier) if not dossier.is_sealed else []
        context.update(
            dossier=dossier,
            entries=dossier.entries.select_related("material").order_by("sort_order"),
            findings=[f.as_dict() for f in findings],
            blocking=[f for f in findings if f.blocking],
            can_change=can_change_case(self.request.user, dossier.case),
            default_compiler=compiler_default(self.request.user),
            versions=dossier.case.dossiers.order_by("version"),
            holds=holds_of(dossier.case),
            package=Package.objects.filter(dossier=dossier).first(),
            severity_labels=Severity.LABELS,
            **purpose_context(self.request, dossier.case),
            documents=[
                (
                    f"{kind.label}（{kind.suffix.upper()}）",
                    reverse("access_control:dossier_document", args=[dossier.pk, slug]),
                    slug,
                )
                for slug, kind in KINDS.items()
            ],
        )
        return context


class DossierViewSet(ReadOnlyViewSet):
    model = Dossier
    icon = "folder-inverse"
    menu_label = "案卷"
    menu_order = 150
    index_view_class = DossierIndexView
    inspect_view_class = DossierInspectView
    list_display = [
        "archival_code",
        "title",
        Column("version", label="版本"),
        Column("get_state_display", label="状态"),
        Column("get_retention_display", label="保管期限"),
        LocalDateColumn("sealed_at", label="封存时间"),
    ]
    list_filter = ["state", "retention"]
    ordering = ["archival_code", "-version"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/move/", dossier_move_view, name="move"),
            path("<int:pk>/update/", dossier_update_view, name="update"),
            path("<int:pk>/seal/", dossier_seal_view, name="seal"),
            path("<int:pk>/new-version/", dossier_new_version_view, name="new_version"),
        ]


def _back(dossier: Dossier):
    return redirect(reverse("dossier:inspect", args=[dossier.pk]))


def _run(request: HttpRequest, dossier: Dossier, action, success: str):
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _back(dossier)
    messages.success(request, success)
    return _back(result if isinstance(result, Dossier) else dossier)


@require_POST
def dossier_move_view(request: HttpRequest, pk: int):
    dossier = _dossier_for_change(request, pk)
    entry = get_object_or_404(
        DossierEntry, pk=request.POST.get("entry"), dossier=dossier
    )
    try:
        position = int(request.POST.get("position", "")) - 1
    except ValueError:
        messages.error(request, "请填写要移到的位置（序号）。")
        return _back(dossier)
    return _run(
        request,
        dossier,
        lambda: dossier_entry_move(entry=entry, position=position, user=request.user),
        f"已将“{entry.material.title}”移至第 {position + 1} 位，页号已重排。",
    )


@require_POST
def dossier_update_view(request: HttpRequest, pk: int):
    dossier = _dossier_for_change(request, pk)
    fields = {
        name: request.POST.get(name, "").strip()
        for name in ("compiler", "checker", "remarks")
    }
    return _run(
        request,
        dossier,
        lambda: dossier_update(dossier=dossier, user=request.user, **fields),
        "案卷信息已保存。",
    )


@require_POST
def dossier_seal_view(request: HttpRequest, pk: int):
    # First a confirmation page of what sealing will do; its button seals.
    return seal_confirm_or_seal(request, _dossier_for_change(request, pk))


@require_POST
def dossier_new_version_view(request: HttpRequest, pk: int):
    dossier = _dossier_for_change(request, pk)
    reason = request.POST.get("reason", "")
    return _run(
        request,
        dossier,
        lambda: dossier_new_version(dossier=dossier, user=request.user, reason=reason),
        "已创建新版本，可在新版本中修改。",
    )


@require_POST
def case_assemble_view(request: HttpRequest, pk: int):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    case = get_object_or_404(cases_visible_to(user=request.user), pk=pk)
    if not can_change_case(request.user, case):
        raise PermissionDenied
    try:
        dossier = dossier_assemble(case=case, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(reverse("case:inspect", args=[case.pk]))
    messages.success(request, f"已组卷：{dossier.archival_code}。")
    return _back(dossier)
