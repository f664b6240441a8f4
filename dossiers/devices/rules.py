"""Regulation checks on the devices that made a case's recordings.

Registered with `dossiers.rules` (imported by the app's `ready()`), so they run
wherever the other rules run: at ingest, on the case page, before sealing,
and in the AV compliance report. A recording's device must be in the agency's
register (001 §22; 002 §21–22) and, when recording began, on loan to one of
its makers (`av.made_by`) according to the ledger (002 §22).

An agency that has not registered any device yet is not checked: until its
register is entered (by hand or `device_import`), every recording would be
flagged and the findings would say nothing.
"""

import datetime as dt
import re
from collections.abc import Iterator

from django.db.models import Q
from django.utils import timezone

from dossiers.dates import format_local, parse_timestamp
from dossiers.devices.models import Device, DeviceLoan
from dossiers.findings import Severity
from dossiers.models import Material
from dossiers.rules.base import CaseFacts, path_of, rule

AV = "音像记录"
LEDGER_EVIDENCE = "依据：设备台账的领用、归还记录与著录的制作人、录制开始时间。"
NAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")


def recording_makers(material: Material) -> list[str]:
    """The names in a recording's `made_by` (“张伟、李娜” is two people)."""
    text = str(material.av.get("made_by", ""))
    return [name for name in NAME_SEPARATORS.split(text) if name]


def person_names(user) -> set[str]:
    """The names a recording may give a user by: the Chinese full name, the
    Western order and the username."""
    names = {
        f"{user.last_name}{user.first_name}",
        f"{user.first_name}{user.last_name}",
        user.get_username(),
    }
    return {n.strip() for n in names if n.strip()}


def display_name(user) -> str:
    """A person as the ledger shows them: the Chinese full name, else the username."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def recording_start(material: Material) -> dt.datetime:
    """When recording began, aware (a naive time is taken as the archive's)."""
    start = parse_timestamp(material.av["recorded_from"])
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    return start


def _registered(facts: CaseFacts) -> dict[str, Device] | None:
    """The agency's devices named by the case's recordings; None when the
    agency keeps no register yet. Read once per `facts` (both rules ask)."""
    if not hasattr(facts, "_registered_devices"):
        facts._registered_devices = _registered_read(facts)
    return facts._registered_devices


def _registered_read(facts: CaseFacts) -> dict[str, Device] | None:
    devices = Device.objects.filter(agency=facts.agency)
    if not devices.exists():
        return None
    codes = {str(m.av.get("device", "")).strip() for m in facts.av}
    return {d.code: d for d in devices.filter(code__in=codes)}


def _device_code(material: Material) -> str:
    return str(material.av.get("device", "")).strip()


@rule(
    "device_unregistered",
    severity=Severity.WARNING,
    article="001 §22；002 §21、§22",
    category=AV,
)
def device_unregistered(facts: CaseFacts) -> Iterator[tuple]:
    registered = _registered(facts)
    if registered is None:
        return
    for m in facts.av:
        code = _device_code(m)
        if code in registered:
            continue
        message = (
            f"记录设备 {code} 未在本机关设备登记中。"
            if code
            else "音像记录未著录记录设备，无法核对设备登记与领用。"
        )
        yield path_of(m), message, {"evidence": "依据：著录的设备与设备登记。"}


def _loan_at(device: Device, moment: dt.datetime) -> DeviceLoan | None:
    """The loan the device was out on at `moment`, if any."""
    return (
        DeviceLoan.objects.filter(device=device, issued_at__lte=moment)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gte=moment))
        .select_related("user")
        .order_by("-issued_at")
        .first()
    )


def _not_issued_message(m: Material, code: str, loan: DeviceLoan | None) -> str:
    when = format_local(recording_start(m))
    makers = "、".join(recording_makers(m)) or "（未著录）"
    if loan is None:
        return f"设备 {code} 在录制开始时（{when}）没有领用记录，制作人为{makers}。"
    holder = display_name(loan.user)
    return f"设备 {code} 在录制开始时（{when}）由{holder}领用，不是制作人{makers}。"


@rule(
    "device_not_issued",
    severity=Severity.WARNING,
    article="002 §22",
    category=AV,
)
def device_not_issued(facts: CaseFacts) -> Iterator[tuple]:
    registered = _registered(facts) or {}
    for m in facts.av:
        device = registered.get(_device_code(m))
        if device is None or not m.av.get("recorded_from"):
            continue
        loan = _loan_at(device, recording_start(m))
        if loan and person_names(loan.user) & set(recording_makers(m)):
            continue
        yield (
            path_of(m),
            _not_issued_message(m, device.code, loan),
            {"evidence": LEDGER_EVIDENCE},
        )
