"""The ledger's rules: what may be issued, returned, checked and repaired."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dossiers.devices.models import DeviceStatus
from dossiers.devices.services import (
    device_check_record,
    device_fault_report,
    device_issue,
    device_repair_record,
    device_return,
    device_update,
)
from tests.dossiers.devices.factories import at, issue, make_device, make_person
from tests.dossiers.factories import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def device():
    return make_device(make_agency())


@pytest.fixture
def officer():
    return make_person("张伟")


def test_a_device_is_issued_and_returned_with_its_state(device, officer):
    loan = device_issue(
        device=device, user=officer, issued_at=at("2025-03-10 08:00"), battery="100%"
    )
    device_return(
        device=device,
        returned_at=at("2025-03-10 18:00"),
        battery="40%",
        storage="余 20G",
    )
    loan.refresh_from_db()
    assert (loan.user, loan.issue_battery) == (officer, "100%")
    assert (loan.return_battery, loan.return_storage) == ("40%", "余 20G")


def test_a_device_already_issued_cannot_be_issued_again(device, officer):
    issue(device, officer, "2025-03-10 08:00")
    with pytest.raises(ValidationError, match=r"已于 2025-03-10 08:00 由张伟领用"):
        device_issue(device=device, user=make_person("李娜"))
    assert device.loans.count() == 1


@pytest.mark.parametrize(
    "status", [DeviceStatus.REPAIR, DeviceStatus.DISABLED, DeviceStatus.SCRAPPED]
)
def test_only_a_device_in_use_is_issued(device, officer, status):
    device_update(device=device, status=status)
    with pytest.raises(ValidationError, match="不能领用"):
        device_issue(device=device, user=officer)


def test_only_an_issued_device_is_returned(device):
    with pytest.raises(ValidationError, match="未被领用"):
        device_return(device=device)


def test_a_return_before_the_issue_is_refused(device, officer):
    issue(device, officer, "2025-03-10 08:00")
    with pytest.raises(ValidationError, match="不能早于领用时间"):
        device_return(device=device, returned_at=at("2025-03-09 08:00"))
    assert device.loans.get().returned_at is None


def test_loans_cannot_overlap(device, officer):
    issue(device, officer, "2025-03-10 08:00", returned="2025-03-10 18:00")
    with pytest.raises(ValidationError, match="早于该设备上次归还的时间"):
        device_issue(device=device, user=officer, issued_at=at("2025-03-10 12:00"))


def test_a_future_issue_is_refused(device, officer):
    with pytest.raises(ValidationError):
        device_issue(device=device, user=officer, issued_at=at("2999-01-01 08:00"))


def test_a_device_out_on_loan_cannot_be_scrapped(device, officer):
    issue(device, officer, "2025-03-10 08:00")
    with pytest.raises(ValidationError, match="归还后才能"):
        device_update(device=device, status=DeviceStatus.SCRAPPED)


def test_checks_are_recorded_with_checker_result_and_remarks(device, officer):
    check = device_check_record(
        device=device,
        kind="playback",
        checker=officer,
        checked_on=dt.date(2025, 3, 31),
        result="fail",
        remarks="3月10日录像缺少开头",
    )
    assert device.checks.get() == check
    assert check.get_kind_display() == "回放检查"
    assert check.get_result_display() == "不合格"


def test_a_fault_sends_the_device_to_repair_until_repaired(device, officer):
    fault = device_fault_report(
        device=device, reported_by=officer, description="无法开机"
    )
    device.refresh_from_db()
    assert device.status == DeviceStatus.REPAIR
    with pytest.raises(ValidationError, match="维修单位"):
        device_repair_record(
            fault=fault, repaired_on=dt.date.today(), repairer=" ", result="已修复"
        )
    device_repair_record(
        fault=fault, repaired_on=dt.date.today(), repairer="厂家售后", result="更换电池"
    )
    device.refresh_from_db()
    assert device.status == DeviceStatus.IN_USE
    with pytest.raises(ValidationError, match="已登记修复"):
        device_repair_record(
            fault=fault, repaired_on=dt.date.today(), repairer="厂家", result=""
        )


def test_a_code_is_registered_once_per_agency(device):
    with pytest.raises(ValidationError, match="本机关已登记该设备编号"):
        make_device(device.agency, code=device.code)
    make_device(make_agency(), code=device.code)  # another agency may use it
