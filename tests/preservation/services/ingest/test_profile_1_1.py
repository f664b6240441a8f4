"""Profile 1.1 at ingest: its optional fields land, 1.0 packages ingest as before,
the 移交日期 and 历史补录 decide how late archiving is reported (issues #12, #15)."""

import datetime as dt

import pytest

from dossiers.findings import Severity
from dossiers.models import Agency, Case
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR, ORDINARY
from tests.preservation.builders import (
    CASE_JSON,
    DECISION_PDF,
    PHOTO,
    assert_nothing_left,
    assert_refused,
    case_read,
    finding,
    material_edit,
    material_index,
    profile_set,
)

pytestmark = pytest.mark.django_db

# The major sample closed on 2025-03-06; with the default 20 days it is due by
# 2025-03-26, and it is ingested (today) long after.
CLOSED = dt.date(2025, 3, 6)


def _late_findings(report):
    return [f for f in report.findings if f["code"] == "archived_late"]


def test_a_1_1_package_with_every_new_field_ingests_and_they_land(example_bag):
    bag = example_bag()
    document = case_read(bag)
    av = document["materials"][material_index(document, PHOTO)]["av"]
    material_edit(bag, PHOTO, av=av | {"location": "珠晖区某化工厂仓库"})
    material_edit(bag, DECISION_PDF, sensitivity=["personal_privacy"])
    profile_set(
        bag,
        "1.1",
        department="安全生产执法科",
        transferred_on="2025-03-20",
        back_capture=False,
        source_system="应急管理综合执法办案系统 3.2",
    )

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    case = report.case
    assert case.department == "安全生产执法科"
    assert case.transferred_on == dt.date(2025, 3, 20)
    assert case.back_capture is False
    assert case.source_system == "应急管理综合执法办案系统 3.2"
    photo = case.materials.get(path=PHOTO)
    assert photo.av["location"] == "珠晖区某化工厂仓库"
    assert case.materials.get(path=DECISION_PDF).sensitivity == ["personal_privacy"]
    # Handed over within 20 days of closing: not late, however late the ingest.
    assert _late_findings(report) == []


@pytest.mark.parametrize("sample", [MAJOR, ORDINARY])
def test_a_1_0_sample_ingests_as_before(example_bag, sample):
    report = package_ingest(source=example_bag(sample))

    assert report.status == "accepted", report.errors
    case = report.case
    assert (case.department, case.transferred_on, case.source_system) == ("", None, "")
    assert case.back_capture is False
    late = finding(report, "archived_late")
    assert late["severity"] == Severity.WARNING
    assert "归档，逾期" in late["message"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("department", "安全生产执法科"),
        ("transferred_on", "2025-03-20"),
        ("source_system", "办案系统 3.2"),
    ],
)
def test_a_1_1_field_in_a_1_0_package_is_refused_naming_it(example_bag, field, value):
    bag = example_bag()
    profile_set(bag, "1.0", **{field: value})

    report = package_ingest(source=bag)

    assert_refused(report, "schema_violation", CASE_JSON, f"case.{field}")
    assert f"case.{field}" in report.errors[0]["message"]
    assert "自 enforcement-case-sip/1.1 起可用" in report.errors[0]["message"]
    assert_nothing_left()


def test_a_1_1_material_field_in_a_1_0_package_is_refused_naming_it(example_bag):
    bag = example_bag()
    material_edit(bag, DECISION_PDF, sensitivity=["personal_privacy"])
    profile_set(bag, "1.0")
    index = material_index(case_read(bag), DECISION_PDF)

    report = package_ingest(source=bag)

    field = f"materials.{index}.sensitivity"
    assert_refused(report, "schema_violation", CASE_JSON, field)
    assert "自 enforcement-case-sip/1.1 起可用" in report.errors[0]["message"]
    assert_nothing_left()


def test_an_unknown_profile_version_is_refused_naming_the_accepted_ones(example_bag):
    bag = example_bag()
    profile_set(bag, "2.0")

    report = package_ingest(source=bag)

    assert_refused(report, "schema_violation", CASE_JSON, "profile")
    assert "enforcement-case-sip/1.1" in report.errors[0]["message"]
    assert_nothing_left()


def test_late_archiving_is_measured_to_the_transfer_date(example_bag):
    bag = example_bag()
    profile_set(bag, "1.1", transferred_on="2025-04-05")

    report = package_ingest(source=bag)

    late = finding(report, "archived_late")
    assert late["severity"] == Severity.WARNING
    assert "实际 2025-04-05 移交，逾期 10 日" in late["message"]
    assert "移交日期" in late["detail"]["evidence"]


def test_a_late_back_capture_is_information_not_a_warning(example_bag):
    bag = example_bag()
    profile_set(bag, "1.1", back_capture=True)

    report = package_ingest(source=bag)

    assert report.case.back_capture is True
    late = finding(report, "archived_late")
    assert late["severity"] == Severity.INFO
    assert "历史补录" in late["message"]


def test_the_agency_setting_marks_older_1_0_cases_as_back_capture(example_bag):
    bag = example_bag()
    agency = Agency.objects.get(code=case_read(bag)["case"]["agency"]["code"])
    agency.back_capture_closed_before = CLOSED + dt.timedelta(days=1)
    agency.save()

    report = package_ingest(source=bag)

    assert report.case.back_capture is True
    assert finding(report, "archived_late")["severity"] == Severity.INFO


def test_a_material_declaring_a_state_secret_is_refused(example_bag):
    bag = example_bag()
    material_edit(bag, DECISION_PDF, sensitivity=["state_secret"])
    profile_set(bag, "1.1")
    index = material_index(case_read(bag), DECISION_PDF)

    report = package_ingest(source=bag)

    assert_refused(report, "state_secret", CASE_JSON, f"materials.{index}.sensitivity")
    assert "国家秘密" in report.errors[0]["message"]
    assert len(report.errors) == 1
    assert_nothing_left()


def test_a_transfer_before_the_closing_is_refused(example_bag):
    bag = example_bag()
    profile_set(bag, "1.1", transferred_on="2025-03-01")

    report = package_ingest(source=bag)

    assert_refused(report, "transferred_on_invalid", CASE_JSON, "case.transferred_on")
    assert "早于结案日期 2025-03-06" in report.errors[0]["message"]
    assert Case.objects.count() == 0
