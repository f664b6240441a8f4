"""The four-property check (四性检测): usability and security of each file, and
the whole-case checks (numbering, dates)."""

import hashlib

import pytest

from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    CASE_JSON,
    DECISION_PDF,
    LAST_PDF,
    PHOTO,
    VIDEO,
    assert_nothing_left,
    assert_refused,
    bag_info_set,
    case_read,
    case_write,
    finding,
    four_property_findings,
    material_edit,
    material_rename,
    pdf_bytes,
    rebag,
)

pytestmark = pytest.mark.django_db

USABILITY = "DA/T 70-2018 可用性"
SECURITY = "DA/T 70-2018 安全性"
INTEGRITY = "DA/T 70-2018 完整性"
AUTHENTICITY = "DA/T 70-2018 真实性"


def _replace(bag, rel, content):
    (bag / rel).write_bytes(content)
    rebag(bag)


def _refused_for(report, code, rel, article):
    assert_refused(report, code, rel)
    found = finding(report, code, rel)
    assert found["severity"] == "error"
    assert found["article"] == article
    assert_nothing_left()
    return found


def test_an_encrypted_pdf_is_refused(example_bag):
    bag = example_bag()
    _replace(bag, DECISION_PDF, pdf_bytes(encrypted=True))

    report = package_ingest(source=bag)

    _refused_for(report, "pdf_encrypted", DECISION_PDF, USABILITY)


def _bad_startxref(data):
    head = data[: data.rindex(b"startxref")]
    return head + b"startxref\n999999\n%%EOF\n"


def _corrupt_xref(data):
    return data.replace(b"xref\n0 ", b"xref\nZZ", 1)


def _truncated(data):
    return data[: len(data) * 2 // 3]


@pytest.mark.parametrize("damage", [_bad_startxref, _corrupt_xref, _truncated])
def test_a_pdf_that_needs_recovery_is_refused_as_unreadable(example_bag, damage):
    bag = example_bag()
    _replace(bag, DECISION_PDF, damage((bag / DECISION_PDF).read_bytes()))

    report = package_ingest(source=bag)

    _refused_for(report, "pdf_unreadable", DECISION_PDF, USABILITY)


@pytest.mark.parametrize(
    ("javascript", "key"),
    [
        ("open_action", "/OpenAction"),
        ("names", "/JavaScript"),
        ("link", "/JS"),
    ],
)
def test_a_pdf_with_javascript_is_refused(example_bag, javascript, key):
    bag = example_bag()
    _replace(bag, DECISION_PDF, pdf_bytes(javascript=javascript))

    report = package_ingest(source=bag)

    assert_refused(report, "pdf_active_content", DECISION_PDF)
    keys = {
        f["detail"]["key"]: f["severity"]
        for f in report.findings
        if f["code"] == "pdf_active_content" and f["path"] == DECISION_PDF
    }
    assert keys[key] == "error"
    assert {f["article"] for f in report.findings} == {SECURITY}
    assert_nothing_left()


def test_a_pdf_with_embedded_files_is_accepted_with_a_warning(example_bag):
    bag = example_bag()
    _replace(bag, DECISION_PDF, pdf_bytes(attachment=True))

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    found = finding(report, "pdf_active_content", DECISION_PDF)
    assert found["severity"] == "warning"
    assert found["detail"] == {"key": "/EmbeddedFiles"}
    assert found["article"] == SECURITY


def test_a_jpeg_that_does_not_decode_is_refused(example_bag):
    bag = example_bag()
    header_only = (bag / PHOTO).read_bytes()[:400]
    _replace(bag, PHOTO, header_only)

    report = package_ingest(source=bag)

    _refused_for(report, "image_undecodable", PHOTO, USABILITY)


def test_an_mp4_that_is_not_a_valid_container_is_refused(example_bag):
    bag = example_bag()
    # The "ftyp" magic convinces libmagic; the rest is noise.
    fake = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    fake += b"".join(hashlib.sha256(bytes([i])).digest() for i in range(128))
    _replace(bag, VIDEO, fake)

    report = package_ingest(source=bag)

    _refused_for(report, "av_container_invalid", VIDEO, USABILITY)


def test_a_numbering_gap_is_a_warning(example_bag):
    bag = example_bag()
    old = "data/materials/investigation/05-询问笔录.pdf"
    material_rename(bag, old, old.replace("05-", "06-"))
    rebag(bag)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    gap = finding(report, "numbering_gap", CASE_JSON)
    assert (gap["severity"], gap["article"]) == ("warning", INTEGRITY)
    assert gap["detail"] == {"missing": [5]}
    duplicate = finding(report, "numbering_duplicate", CASE_JSON)
    assert duplicate["detail"] == {"duplicates": [6]}


def test_a_material_dated_after_closing_is_a_warning(example_bag):
    bag = example_bag()
    material_edit(bag, LAST_PDF, date="2025-03-07")
    rebag(bag)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    found = finding(report, "material_after_closing", LAST_PDF)
    assert (found["severity"], found["article"]) == ("warning", AUTHENTICITY)
    assert [f["code"] for f in four_property_findings(report)] == [
        "material_after_closing"
    ]


def test_a_case_opened_after_it_closed_is_refused(example_bag):
    bag = example_bag()
    document = case_read(bag)
    document["case"]["opened_on"] = "2025-03-07"
    case_write(bag, document)
    rebag(bag)

    report = package_ingest(source=bag)

    _refused_for(report, "case_dates_inverted", CASE_JSON, AUTHENTICITY)


def test_the_samples_pass_without_findings(ingested_case):
    report = ingested_case.ingest_reports.get()
    event = ingested_case.events.get(event_type="four_property_check")

    assert four_property_findings(report) == []
    assert event.event_outcome == "success"
    assert event.event_outcome_detail == {"findings": []}


def test_a_bag_from_another_organization_is_accepted_with_a_warning(example_bag):
    bag = example_bag()
    bag_info_set(bag, **{"Source-Organization": "别的机关"})

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    declared = case_read(bag)["case"]["agency"]["name"]
    assert finding(report, "source_organization_mismatch") == {
        "code": "source_organization_mismatch",
        "severity": "warning",
        "message": "bag-info.txt 的 Source-Organization（别的机关）"
        f"与 case.json 的机关名称（{declared}）不一致。",
        "path": "bag-info.txt",
        "article": "DA/T 70-2018 真实性",
        "category": "真实性",
        "detail": {},
    }
