"""现场执法记录设备 in the admin: the register (list, add, edit, CSV export).

The device page with its ledger is `device_page`; the AV compliance report
is `report`. Every write goes through `dossiers.devices.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from archive_site.devices.forms import DeviceForm
from archive_site.devices.scope import (
    DENIED,
    device_agencies_for,
    device_keeper_agencies_for,
)
from dossiers.devices.models import Device
from dossiers.devices.registers import device_export
from dossiers.devices.selectors import device_list
from dossiers.devices.services import device_register, device_update

CSV = "text/csv; charset=utf-8"


def visible_agencies(request: HttpRequest):
    agencies = device_agencies_for(user=request.user)
    if not agencies.exists():
        raise PermissionDenied(DENIED)
    return agencies


def device_for(request: HttpRequest, pk: int) -> Device:
    """The device, if the user may see its agency's register; else a 404."""
    agencies = visible_agencies(request)
    device = device_list(agencies=agencies).filter(pk=pk).first()
    if device is None:
        raise Http404("没有找到该设备。")
    return device


@require_GET
def device_list_view(request: HttpRequest) -> HttpResponse:
    """The register of the user's agencies; `?format=csv` downloads it."""
    agencies = visible_agencies(request)
    chosen = request.GET.get("agency", "")
    if chosen:
        agencies = agencies.filter(code=chosen)
    devices = device_list(agencies=agencies)
    if request.GET.get("format") == "csv":
        response = HttpResponse(device_export(devices=devices), content_type=CSV)
        name = f"devices-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    keeper = device_keeper_agencies_for(user=request.user).exists()
    return TemplateResponse(
        request,
        "archive_site/admin/devices/list.html",
        {
            "devices": devices,
            "agencies": device_agencies_for(user=request.user),
            "chosen": chosen,
            "keeper": keeper,
        },
    )


def _kept(request: HttpRequest):
    agencies = device_keeper_agencies_for(user=request.user)
    if not agencies.exists():
        raise PermissionDenied("只有本机关的档案管理员可以登记和修改设备。")
    return agencies


@require_http_methods(["GET", "POST"])
def device_add_view(request: HttpRequest) -> HttpResponse:
    agencies = _kept(request)
    form = DeviceForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            device = device_register(
                agency=data.pop("agency"), code=data.pop("code"), **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记设备 {device.code}。")
            return redirect("archive_device", pk=device.pk)
    return _form_page(request, form, "登记设备")


@require_http_methods(["GET", "POST"])
def device_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    agencies = _kept(request)
    device = device_list(agencies=agencies).filter(pk=pk).first()
    if device is None:
        raise Http404("没有找到该设备。")
    form = DeviceForm(request.POST or None, instance=device, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            device_update(device=Device.objects.get(pk=pk), **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已修改设备 {device.code}。")
            return redirect("archive_device", pk=pk)
    return _form_page(request, form, f"修改设备 {device.code}")


def _form_page(request: HttpRequest, form: DeviceForm, title: str) -> HttpResponse:
    return TemplateResponse(
        request,
        "archive_site/admin/devices/form.html",
        {"form": form, "title": title},
    )
