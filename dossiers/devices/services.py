"""Writes on the device register and its ledger (台账).

Each function validates the data, writes inside a transaction with the
device's row locked (two archivists issuing the same device at once: one
wins, the other is told it is out), and schedules the AV compliance rows of
the recordings that name the device to be recomputed after commit. Callers
(admin pages, `device_import`) check that the user may manage the agency's
devices; these functions check only the data.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.dates import format_local
from dossiers.devices.models import (
    Device,
    DeviceCheck,
    DeviceFault,
    DeviceLoan,
    DeviceStatus,
)
from dossiers.devices.rules import display_name
from dossiers.devices.tasks import av_compliance_schedule
from dossiers.models import Agency

DEVICE_FIELDS = ("kind", "model", "serial", "section", "status", "custodian", "remarks")


def _locked(device: Device) -> Device:
    return Device.objects.select_for_update().get(pk=device.pk)


def _not_future(moment: dt.datetime | dt.date, field: str) -> None:
    now = timezone.now() if isinstance(moment, dt.datetime) else timezone.localdate()
    if moment > now:
        raise ValidationError({field: "时间不能晚于当前时间。"})


@transaction.atomic
def device_register(*, agency: Agency, code: str, kind: str, **fields) -> Device:
    """Add a device to `agency`'s register.

    Args:
        agency: the owning agency.
        code: the code recordings name in `av.device`.
        kind: a `DeviceKind`.
        **fields: any of `DEVICE_FIELDS`.

    Raises:
        ValidationError: the code is already registered, or a field is invalid.
    """
    first = not Device.objects.filter(agency=agency).exists()
    device = Device(agency=agency, code=code.strip(), kind=kind, **fields)
    device.full_clean()
    device.save()
    # The agency's first device starts the checks of all its recordings.
    av_compliance_schedule(agency=agency, codes=None if first else [device.code])
    return device


@transaction.atomic
def device_update(*, device: Device, **fields) -> Device:
    """Change a device's description or status (not its code or agency).

    Raises:
        ValidationError: a field is invalid, or the device is out on loan
            and would leave service.
    """
    device = _locked(device)
    for name, value in fields.items():
        if name not in DEVICE_FIELDS:
            raise ValidationError(f"不能修改设备的 {name}。")
        setattr(device, name, value)
    if device.status != DeviceStatus.IN_USE and _open_loan(device):
        raise ValidationError(
            {"status": "设备已领用，归还后才能改为维修、停用或报废。"}
        )
    device.full_clean()
    device.save()
    return device


def _open_loan(device: Device) -> DeviceLoan | None:
    return device.loans.filter(returned_at__isnull=True).first()


@transaction.atomic
def device_issue(
    *,
    device: Device,
    user,
    issued_at: dt.datetime | None = None,
    condition: str = "完好",
    battery: str = "",
    storage: str = "",
    by=None,
) -> DeviceLoan:
    """Record the 领用 of `device` by `user` (the officer who will record).

    Raises:
        ValidationError: the device is not 在用, is already out, or
            `issued_at` lies in the future or before its last return.
    """
    device = _locked(device)
    issued_at = issued_at or timezone.now()
    _issuable(device, issued_at)
    loan = DeviceLoan(
        device=device,
        user=user,
        issued_at=issued_at,
        issue_condition=condition,
        issue_battery=battery,
        issue_storage=storage,
        issued_by=by,
    )
    loan.full_clean()
    loan.save()
    av_compliance_schedule(agency=device.agency, codes=[device.code])
    return loan


def _issuable(device: Device, issued_at: dt.datetime) -> None:
    if device.status != DeviceStatus.IN_USE:
        raise ValidationError(
            f"设备 {device.code} 状态为“{device.get_status_display()}”，不能领用。"
        )
    out = _open_loan(device)
    if out is not None:
        raise ValidationError(
            f"设备 {device.code} 已于 {format_local(out.issued_at)} "
            f"由{display_name(out.user)}领用，尚未归还。"
        )
    _not_future(issued_at, "issued_at")
    later = device.loans.filter(returned_at__gt=issued_at).first()
    if later is not None:
        raise ValidationError(
            {
                "issued_at": f"领用时间早于该设备上次归还的时间"
                f"（{format_local(later.returned_at)}）。"
            }
        )


@transaction.atomic
def device_return(
    *,
    device: Device,
    returned_at: dt.datetime | None = None,
    condition: str = "完好",
    battery: str = "",
    storage: str = "",
    by=None,
) -> DeviceLoan:
    """Record the 归还 of `device`, closing its open loan.

    Raises:
        ValidationError: the device is not out, or `returned_at` lies in the
            future or before it was issued.
    """
    device = _locked(device)
    loan = _open_loan(device)
    if loan is None:
        raise ValidationError(f"设备 {device.code} 未被领用，无需归还。")
    loan.returned_at = returned_at or timezone.now()
    _not_future(loan.returned_at, "returned_at")
    if loan.returned_at < loan.issued_at:
        raise ValidationError({"returned_at": "归还时间不能早于领用时间。"})
    loan.return_condition = condition
    loan.return_battery = battery
    loan.return_storage = storage
    loan.received_by = by
    loan.full_clean()
    loan.save()
    av_compliance_schedule(agency=device.agency, codes=[device.code])
    return loan


@transaction.atomic
def device_check_record(
    *, device: Device, kind: str, checker, checked_on: dt.date, result: str, remarks=""
) -> DeviceCheck:
    """Record a 抽检 or 回放检查 of `device` (002 §22).

    Raises:
        ValidationError: the date lies in the future or a field is invalid.
    """
    _not_future(checked_on, "checked_on")
    check = DeviceCheck(
        device=device,
        kind=kind,
        checker=checker,
        checked_on=checked_on,
        result=result,
        remarks=remarks,
    )
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def device_fault_report(
    *, device: Device, reported_by, description: str, reported_at=None
) -> DeviceFault:
    """Record a fault (004 §26): a device in use goes to 维修 until repaired.

    Raises:
        ValidationError: the description is empty or the time in the future.
    """
    device = _locked(device)
    fault = DeviceFault(
        device=device,
        reported_by=reported_by,
        description=description.strip(),
        reported_at=reported_at or timezone.now(),
    )
    _not_future(fault.reported_at, "reported_at")
    fault.full_clean()
    fault.save()
    if device.status == DeviceStatus.IN_USE:
        device.status = DeviceStatus.REPAIR
        device.save(update_fields=["status"])
    return fault


@transaction.atomic
def device_repair_record(
    *, fault: DeviceFault, repaired_on: dt.date, repairer: str, result: str
) -> DeviceFault:
    """Record the repair of `fault` by a professional; once no fault of the
    device is open, a device in 维修 is 在用 again.

    Raises:
        ValidationError: the fault was already repaired, the repairer is not
            named, or the date lies in the future or before the report.
    """
    device = _locked(fault.device)
    fault = DeviceFault.objects.get(pk=fault.pk)
    if fault.repaired_on is not None:
        raise ValidationError("该故障已登记修复。")
    _not_future(repaired_on, "repaired_on")
    if repaired_on < timezone.localtime(fault.reported_at).date():
        raise ValidationError({"repaired_on": "修复日期不能早于故障报告日期。"})
    if not repairer.strip():
        raise ValidationError({"repairer": "请填写维修单位（不得私自拆装维修）。"})
    fault.repaired_on, fault.repairer, fault.repair_result = (
        repaired_on,
        repairer,
        result,
    )
    fault.save()
    still_open = device.faults.filter(repaired_on__isnull=True).exists()
    if device.status == DeviceStatus.REPAIR and not still_open:
        device.status = DeviceStatus.IN_USE
        device.save(update_fields=["status"])
    return fault
