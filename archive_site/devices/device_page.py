"""A device's page: its description, who has it now, its 台账, and the forms
that add to it (领用, 归还, 抽检/回放检查, 故障, 维修), each a POST with CSRF
through `dossiers.devices.services`, open to the agency's archivists only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from archive_site.devices.forms import LEDGER_FORMS
from archive_site.devices.scope import device_keeper_agencies_for
from archive_site.devices.views import device_for
from dossiers.devices import services
from dossiers.devices.models import Device
from dossiers.devices.selectors import device_ledger, device_open_loan

DONE = {
    "issue": "已登记领用。",
    "return": "已登记归还。",
    "check": "已登记检查。",
    "fault": "已登记故障，设备转为维修。",
    "repair": "已登记维修结果。",
}


def _write(action: str, device: Device, data: dict, user) -> None:
    if action == "issue":
        services.device_issue(device=device, by=user, **data)
    elif action == "return":
        services.device_return(device=device, by=user, **data)
    elif action == "check":
        services.device_check_record(device=device, **data)
    elif action == "fault":
        services.device_fault_report(device=device, reported_by=user, **data)
    else:
        services.device_repair_record(**data)


def _may_keep(request: HttpRequest, device: Device) -> bool:
    kept = device_keeper_agencies_for(user=request.user)
    return kept.filter(pk=device.agency_id).exists()


@require_http_methods(["GET", "POST"])
def device_view(request: HttpRequest, pk: int) -> HttpResponse:
    device = device_for(request, pk)
    keeper = _may_keep(request, device)
    forms = {
        name: cls(device=device, prefix=name) for name, cls in LEDGER_FORMS.items()
    }
    if request.method == "POST":
        if not keeper:
            raise PermissionDenied("只有本机关的档案管理员可以登记设备台账。")
        action = request.POST.get("action", "")
        if action not in LEDGER_FORMS:
            raise PermissionDenied("未知的操作。")
        form = LEDGER_FORMS[action](request.POST, device=device, prefix=action)
        forms[action] = form
        if form.is_valid():
            try:
                _write(action, device, form.cleaned_data, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, DONE[action])
                return redirect("archive_device", pk=device.pk)
    return TemplateResponse(
        request,
        "archive_site/admin/devices/detail.html",
        {
            "device": device,
            "loan": device_open_loan(device),
            "ledger": device_ledger(device),
            "keeper": keeper,
            "forms": forms,
            "failed": request.method == "POST",
        },
    )
