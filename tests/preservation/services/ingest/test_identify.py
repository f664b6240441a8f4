"""Identification by content: the extension and the declared form are claims."""

import shutil
from pathlib import Path

import pytest

from dossiers.models import Material
from preservation.services.ingest import package_ingest
from preservation.services.ingest.identify import identify
from tests.preservation.builders import (
    PHOTO,
    assert_nothing_left,
    assert_refused,
    finding,
    material_add,
    material_edit,
    material_rename,
    ofd_bytes,
    pdf_bytes,
    rebag,
)

pytestmark = pytest.mark.django_db

AUTHENTICITY = "DA/T 70-2018 真实性"


def test_a_jpeg_named_pdf_is_accepted_with_a_warning(example_bag):
    bag = example_bag()
    renamed = PHOTO.replace(".jpg", ".pdf")
    material_rename(bag, PHOTO, renamed)
    rebag(bag)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    found = finding(report, "extension_contradicts_content", renamed)
    assert found["severity"] == "warning"
    assert found["article"] == AUTHENTICITY
    assert found["detail"] == {"media_type": "image/jpeg"}
    material = Material.objects.get(case=report.case, path=renamed)
    assert (material.media_type, material.pages) == ("image/jpeg", 1)


def test_a_jpeg_declared_as_video_is_accepted_with_a_warning(example_bag):
    bag = example_bag()
    material_edit(bag, PHOTO, form="video")
    rebag(bag)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    found = finding(report, "form_contradicts_content", PHOTO)
    assert found["severity"] == "warning"
    assert found["article"] == AUTHENTICITY
    event = report.case.events.get(event_type="four_property_check")
    assert event.event_outcome == "warning"


def test_an_executable_declared_as_electronic_data_is_refused(example_bag):
    bag = example_bag()
    rel = "data/materials/investigation/16-电子数据.bin"
    material_add(
        bag, rel, Path("/bin/true").read_bytes(), form="electronic_data", title="数据"
    )
    rebag(bag)

    report = package_ingest(source=bag)

    assert_refused(report, "executable_content", rel)
    found = finding(report, "executable_content", rel)
    assert found["severity"] == "error"
    assert found["article"] == "DA/T 70-2018 安全性"
    assert_nothing_left()


def test_an_ofd_document_is_recognised(example_bag):
    bag = example_bag()
    rel = "data/materials/investigation/16-电子文书.ofd"
    material_add(bag, rel, ofd_bytes())
    rebag(bag)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    assert [f for f in report.findings if f["path"] == rel] == []
    material = Material.objects.get(case=report.case, path=rel)
    assert material.media_type == "application/ofd"


def test_the_format_event_counts_media_types(ingested_case):
    event = ingested_case.events.get(event_type="format_identification")

    assert event.event_outcome_detail == {
        "application/pdf": 12,
        "image/jpeg": 2,
        "video/mp4": 1,
    }


@pytest.mark.parametrize(
    ("content", "name", "form", "media_type", "extension_ok", "form_ok"),
    [
        (pdf_bytes(), "a.pdf", "text", "application/pdf", True, True),
        (pdf_bytes(), "a.jpg", "photo", "application/pdf", False, False),
        (ofd_bytes(), "a.ofd", "text", "application/ofd", True, True),
        (b"plain words\n", "a.unknownext", "electronic_data", "text/plain", True, True),
    ],
)
def test_identify_compares_content_with_the_claims(
    tmp_path, content, name, form, media_type, extension_ok, form_ok
):
    # A stored object has no extension: the claim comes from the name alone.
    stored = tmp_path / "object"
    stored.write_bytes(content)

    found = identify(stored, name=name, declared_form=form)

    assert (found.media_type, found.extension_ok, found.form_ok) == (
        media_type,
        extension_ok,
        form_ok,
    )


def test_identify_marks_an_elf_binary_as_executable(tmp_path):
    stored = tmp_path / "object"
    shutil.copyfile("/bin/true", stored)

    found = identify(stored, name="tool.txt", declared_form="electronic_data")

    assert found.is_executable
    assert not found.form_ok
    assert not found.extension_ok
