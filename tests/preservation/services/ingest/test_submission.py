"""data/case.json: present, JSON, valid against the profile, one entry per file,
and the refusals the profile names (state secrets, open cases)."""

import pytest

from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    CASE_JSON,
    LAST_PDF,
    PHOTO,
    assert_nothing_left,
    assert_refused,
    bag_info_set,
    case_read,
    case_write,
    rebag,
)

pytestmark = pytest.mark.django_db


def _edit_case(bag, change):
    document = case_read(bag)
    change(document)
    case_write(bag, document)
    rebag(bag)


def test_a_bag_without_case_json_is_refused(example_bag):
    bag = example_bag()
    (bag / CASE_JSON).unlink()
    rebag(bag)

    report = package_ingest(source=bag)

    assert_refused(report, "case_json_missing", CASE_JSON)
    assert_nothing_left()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"profile": "enforcement-case-sip/1.0",', id="truncated"),
        pytest.param(b"{'case': 1}", id="python-repr"),
        pytest.param('{"case": "案"}'.encode("gb18030"), id="not-utf8"),
        pytest.param(b"[]", id="array"),
    ],
)
def test_a_case_json_that_is_not_a_json_object_is_refused(example_bag, content):
    bag = example_bag()
    (bag / CASE_JSON).write_bytes(content)
    rebag(bag)

    report = package_ingest(source=bag)

    assert_refused(report, "case_json_invalid", CASE_JSON)
    assert_nothing_left()


def test_a_case_json_that_does_not_match_its_manifest_is_refused(example_bag):
    bag = example_bag()
    (bag / CASE_JSON).write_bytes((bag / CASE_JSON).read_bytes().replace(b"2", b"3"))

    report = package_ingest(source=bag)

    assert_refused(report, "checksum_mismatch", CASE_JSON)
    assert_nothing_left()


def _unknown_category(document):
    document["case"]["category"] = "administrative_punishment"


def _no_title(document):
    del document["case"]["title"]


def _slashed_date(document):
    document["case"]["closed_on"] = "2025/03/06"


def _material_date(document):
    document["materials"][2]["date"] = "2025-2-10"


def _av_missing(document):
    del document["materials"][3]["av"]


def _impossible_time(document):
    document["materials"][2]["av"]["recorded_from"] = "2025-02-10T25:00:00+08:00"


def _long_title(document):
    document["case"]["title"] = "案" * 501


def _long_certificate(document):
    document["case"]["officers"][0]["certificate"] = "1" * 41


def _unknown_field(document):
    document["case"]["secret_level"] = "机密"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param(_unknown_category, "case.category", id="unknown-category"),
        pytest.param(_no_title, "case.title", id="missing-required"),
        pytest.param(_slashed_date, "case.closed_on", id="date-format"),
        pytest.param(_material_date, "materials.2.date", id="material-date"),
        pytest.param(_av_missing, "materials.3.av", id="photo-without-av"),
        pytest.param(_impossible_time, "materials.2.av.recorded_from", id="date-time"),
        pytest.param(_long_title, "case.title", id="too-long"),
        pytest.param(
            _long_certificate, "case.officers.0.certificate", id="too-long-nested"
        ),
        pytest.param(_unknown_field, "case.secret_level", id="unknown-field"),
    ],
)
def test_a_schema_violation_names_the_field(example_bag, change, field):
    bag = example_bag()
    _edit_case(bag, change)

    report = package_ingest(source=bag)

    assert_refused(report, "schema_violation", CASE_JSON, field)
    assert {e["field"] for e in report.errors} == {field}
    assert field in report.errors[0]["message"]
    assert_nothing_left()


def test_an_entry_whose_file_does_not_exist_is_refused(example_bag):
    bag = example_bag()

    def add_ghost(document):
        ghost = dict(document["materials"][0], path="materials/initiation/幽灵.pdf")
        document["materials"].append(ghost)

    _edit_case(bag, add_ghost)

    report = package_ingest(source=bag)

    assert_refused(
        report,
        "material_file_missing",
        "data/materials/initiation/幽灵.pdf",
        "materials.15.path",
    )
    assert_nothing_left()


def test_an_entry_whose_path_leaves_data_is_refused(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["materials"][0].update(path="../bagit.txt"))

    report = package_ingest(source=bag)

    assert report.status == "refused"
    codes = {(e["code"], e["field"]) for e in report.errors}
    assert ("path_escapes_payload", "materials.0.path") in codes
    assert_nothing_left()


def test_a_payload_file_without_an_entry_is_refused(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["materials"].pop())

    report = package_ingest(source=bag)

    assert_refused(report, "material_not_declared", LAST_PDF)
    assert_nothing_left()


def test_the_same_file_declared_twice_is_refused(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["materials"].append(dict(d["materials"][3])))

    report = package_ingest(source=bag)

    assert_refused(report, "material_duplicate", PHOTO, "materials.15.path")
    assert_nothing_left()


def test_a_state_secret_is_refused(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["case"].update(sensitivity=["state_secret"]))

    report = package_ingest(source=bag)

    assert_refused(report, "state_secret", CASE_JSON, "case.sensitivity")
    assert len(report.errors) == 1
    assert_nothing_left()


def test_a_case_without_closed_on_is_refused_as_not_closed(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["case"].pop("closed_on"))

    report = package_ingest(source=bag)

    assert_refused(report, "case_not_closed", CASE_JSON, "case.closed_on")
    assert len(report.errors) == 1
    assert_nothing_left()


def test_an_external_identifier_other_than_the_case_number_is_refused(example_bag):
    bag = example_bag()
    bag_info_set(bag, **{"External-Identifier": "珠应急罚〔2025〕12号"})

    report = package_ingest(source=bag)

    assert_refused(
        report, "external_identifier_mismatch", "bag-info.txt", "External-Identifier"
    )
    assert_nothing_left()


def test_a_refused_report_names_the_case_it_was_about(example_bag):
    bag = example_bag()
    _edit_case(bag, lambda d: d["case"].update(sensitivity=["state_secret"]))

    report = package_ingest(source=bag)

    assert report.case_number == "珠应急罚〔2025〕11号"
    assert report.agency_name == "衡阳市珠晖区应急管理局"
