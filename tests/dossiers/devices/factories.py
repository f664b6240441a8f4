"""Devices, loans and people for the device tests."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from dossiers.devices.models import Device, DeviceKind
from dossiers.devices.services import device_issue, device_register

CHINA = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


def at(text: str) -> dt.datetime:
    """A moment in China's time: `at("2025-03-10 08:00")`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)


def make_person(name: str, **fields):
    """A user whose Chinese full name is `name` (surname first)."""
    return get_user_model().objects.create_user(
        username=f"user{next(_serial)}",
        last_name=name[0],
        first_name=name[1:],
        **fields,
    )


def make_device(agency, code: str = "ZFJLY-0001", **fields) -> Device:
    fields.setdefault("kind", DeviceKind.BODY_CAMERA)
    return device_register(agency=agency, code=code, **fields)


def issue(device: Device, user, when: str, *, returned: str | None = None):
    from dossiers.devices.services import device_return

    loan = device_issue(device=device, user=user, issued_at=at(when))
    if returned:
        loan = device_return(device=device, returned_at=at(returned))
    return loan
