"""Sealing a dossier in the admin: a confirmation page, then the seal.

The dossier page's 封存案卷 button posts here; without `confirm` the answer is a
page stating what sealing will do (frozen contents, retention from–to, the
AIP in two locations, the event), with the 立卷人 filled in with the signed-in
archivist and any override reason carried over. Only the confirmation's own
button seals, through `dossier_seal`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.services import (
    compiler_default,
    dossier_findings,
    dossier_seal,
    dossier_update,
)
from dossiers.services.dossiers import retention_dates
from dossiers.services.retention import retention_on_seal

TEMPLATE = "archive_site/admin/dossier_seal_confirm.html"


def _confirmation(request: HttpRequest, dossier: Dossier, compiler: str, reason: str):
    dossier.compiler = compiler  # as it will be sealed; not saved here
    dossier.retention, dossier.retention_reason = retention_on_seal(
        dossier, timezone.localdate()
    )
    start, end = retention_dates(dossier)
    entries = list(dossier.entries.all())
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "dossier": dossier,
            "compiler": compiler,
            "reason": reason,
            "blocking": [f for f in dossier_findings(dossier) if f.blocking],
            "retention_start": start,
            "retention_end": end,
            "item_count": len(entries),
            "page_count": sum(
                e.page_to - e.page_from + 1 for e in entries if e.page_from
            ),
            "today": timezone.localdate(),
        },
    )


def seal_confirm_or_seal(request: HttpRequest, dossier: Dossier):
    """Answer a POST to seal `dossier`, which the caller may change."""
    compiler = request.POST.get("compiler", "").strip() or (
        dossier.compiler.strip() or compiler_default(request.user)
    )
    reason = request.POST.get("override_reason", "")
    if request.POST.get("confirm") != "1":
        return _confirmation(request, dossier, compiler, reason)
    try:
        if compiler != dossier.compiler:
            dossier_update(dossier=dossier, user=request.user, compiler=compiler)
        dossier_seal(dossier=dossier, user=request.user, override_reason=reason)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "案卷已封存。")
    return redirect(reverse("dossier:inspect", args=[dossier.pk]))
