"""The device rules: a recording's device is registered and issued to its maker."""

import pytest

from dossiers.codes import Activity
from dossiers.rules import case_check
from tests.dossiers.devices.factories import issue, make_device, make_person
from tests.dossiers.factories import add_av, make_case

pytestmark = pytest.mark.django_db

# The factories' recording: ZFJLY-0001, made by 张伟, 2025-03-10 09:00–09:40.
RECORDING = "2025-03-10 09:00"


def _device_findings(case) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in case_check(case):
        if f.code.startswith("device_"):
            found.setdefault(f.code, []).append(f)
    return found


@pytest.fixture
def case():
    case = make_case()
    add_av(case, Activity.ON_SITE_INSPECTION)
    return case


def test_a_recording_by_a_device_issued_to_its_maker_is_not_flagged(case):
    device = make_device(case.agency)
    issue(device, make_person("张伟"), "2025-03-10 08:00", returned="2025-03-10 18:00")
    assert _device_findings(case) == {}


def test_a_recording_by_a_device_issued_to_someone_else_is_flagged(case):
    device = make_device(case.agency)
    issue(device, make_person("李娜"), "2025-03-10 08:00", returned="2025-03-10 18:00")
    [finding] = _device_findings(case)["device_not_issued"]
    assert finding.severity == "warning"
    assert finding.article == "002 §22"
    assert finding.path == case.materials.get().path
    assert "由李娜领用" in finding.message
    assert "不是制作人张伟" in finding.message


def test_a_recording_by_a_device_not_out_at_the_time_is_flagged(case):
    device = make_device(case.agency)
    # Issued to the maker, but returned before the recording began.
    issue(device, make_person("张伟"), "2025-03-09 08:00", returned="2025-03-09 18:00")
    [finding] = _device_findings(case)["device_not_issued"]
    assert "没有领用记录" in finding.message


def test_a_device_still_out_covers_the_recording(case):
    device = make_device(case.agency)
    issue(device, make_person("张伟"), "2025-03-10 08:00")
    assert _device_findings(case) == {}


def test_an_unregistered_device_is_flagged(case):
    make_device(case.agency, code="ZFJLY-0099")
    found = _device_findings(case)
    [finding] = found["device_unregistered"]
    assert finding.severity == "warning"
    assert "ZFJLY-0001 未在本机关设备登记中" in finding.message
    assert "device_not_issued" not in found


def test_a_device_of_another_agency_does_not_count(case):
    other = make_case()
    make_device(other.agency)  # the same code, registered elsewhere
    make_device(case.agency, code="ZFJLY-0099")
    assert list(_device_findings(case)) == ["device_unregistered"]


def test_an_agency_without_a_register_is_not_checked(case):
    assert _device_findings(case) == {}


def test_one_of_several_makers_holding_the_device_is_enough():
    case = make_case()
    add_av(case, Activity.ON_SITE_INSPECTION, made_by="李娜、张伟")
    device = make_device(case.agency)
    issue(device, make_person("张伟"), "2025-03-10 08:00")
    assert _device_findings(case) == {}
