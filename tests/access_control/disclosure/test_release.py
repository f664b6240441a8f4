"""Releases: reviewed first, made from the original without touching it, logged."""

import pytest

from access_control.disclosure.downloads import download_link_create
from access_control.disclosure.files import file_open
from access_control.disclosure.models import (
    DisclosureFile,
    DisclosureLink,
    EventKind,
)
from access_control.disclosure.redaction import Kind, Redaction
from access_control.disclosure.release import (
    ReleaseError,
    av_release_approve,
    release_make,
)
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose
from preservation.services.storage import object_path
from tests.access_control.disclosure.releases import (
    PERSON,
    PERSON_ID,
    PERSON_PHONE,
    SCAN_TEXT_BOX,
    case_make,
    encrypted_pdf,
    material_make,
    scan_jpeg,
    scan_pdf,
    sha256,
    text_pdf,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
CONFIRMED = [
    Redaction(Kind.NAME, PERSON),
    Redaction(Kind.ID, PERSON_ID),
    Redaction(Kind.PHONE, PERSON_PHONE),
]
VIDEO_AV = {
    "recorded_from": "2025-02-10T09:10:00+08:00",
    "recorded_to": "2025-02-10T09:50:00+08:00",
    "device": "ZFJLY-0015",
    "made_by": "吴婷",
    "method": "执法记录仪录像",
    "proves": "现场检查录像情况",
    "location": "衡阳市珠晖区东风路18号",
}


@pytest.fixture
def case(agency):
    return case_make(agency)


def link_make(application, material, officer, decision="redact"):
    return DisclosureLink.objects.create(
        application=application,
        case=material.case,
        material=material,
        linked_by=officer,
        decision=decision,
        reviewed_by=officer if decision else None,
    )


def text_of(file: DisclosureFile, tmp_path) -> str:
    path = tmp_path / f"{file.pk}.pdf"
    with file_open(file) as stream:
        path.write_bytes(stream.read())
    return pdf_text(path, squeeze=True)


def test_a_release_is_made_logged_and_verified(
    received, case, disclosure_officer, tmp_path
):
    application, _ = received
    material = material_make(
        case, scan_pdf(tmp_path / "ocr.pdf", text_layer=True), "application/pdf"
    )
    link = link_make(application, material, disclosure_officer)
    original = object_path(material.digest)

    release = release_make(
        application, link, by=disclosure_officer, strings=CONFIRMED
    ).file

    assert sha256(original) == material.digest  # the original is untouched
    assert release.kind == DisclosureFile.Kind.RELEASE
    assert release.source_material == material
    assert release.data["verified"] is True
    assert {"kind": Kind.ID, "count": 1} in release.data["redactions"]
    text = text_of(release, tmp_path)
    assert PERSON_ID not in text and PERSON not in text
    assert f"受理编号{application.number}" in text
    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW_CONTENT)
    assert entry.reason == ReadPurpose.DISCLOSURE
    assert entry.case_number == case.case_number
    assert entry.data["application"] == application.number
    assert application.events.filter(kind=EventKind.RELEASE_MADE).exists()
    _link, token = download_link_create(application, release, by=disclosure_officer)
    assert token


def test_a_scanned_image_is_released_as_a_redacted_pdf(
    received, case, disclosure_officer, tmp_path
):
    application, _ = received
    material = material_make(case, scan_jpeg(tmp_path / "scan.jpg"), "image/jpeg")
    link = link_make(application, material, disclosure_officer)

    release = release_make(
        application, link, by=disclosure_officer, boxes=[(1, *SCAN_TEXT_BOX)]
    ).file

    assert release.media_type == "application/pdf"
    assert {"kind": "遮盖框", "count": 1} in release.data["redactions"]


@pytest.mark.parametrize(
    ("decision", "message"), [("withhold", "不予公开"), ("", "尚未进行保密审查")]
)
def test_withheld_or_unreviewed_material_never_leaves(
    received, case, disclosure_officer, tmp_path, decision, message
):
    application, _ = received
    material = material_make(case, text_pdf(tmp_path / "t.pdf"), "application/pdf")
    link = link_make(application, material, disclosure_officer, decision)

    with pytest.raises(ReleaseError, match=message):
        release_make(application, link, by=disclosure_officer, strings=CONFIRMED)

    assert not DisclosureFile.objects.filter(kind=DisclosureFile.Kind.RELEASE).exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_CONTENT).exists()


def test_redact_decision_needs_a_confirmed_redaction(
    received, case, disclosure_officer, tmp_path
):
    application, _ = received
    material = material_make(case, text_pdf(tmp_path / "t.pdf"), "application/pdf")
    link = link_make(application, material, disclosure_officer)
    with pytest.raises(ReleaseError, match="区分处理后公开"):
        release_make(application, link, by=disclosure_officer)


def test_only_the_agencys_disclosure_staff_release(
    received, case, disclosure_officer, tmp_path, person_with_role
):
    application, _ = received
    material = material_make(case, text_pdf(tmp_path / "t.pdf"), "application/pdf")
    link = link_make(application, material, disclosure_officer, "release")
    outsider = person_with_role("outsider")
    with pytest.raises(ReleaseError, match="信息公开工作人员"):
        release_make(application, link, by=outsider)


def test_an_encrypted_original_is_refused_by_name(
    received, case, disclosure_officer, tmp_path
):
    application, _ = received
    material = material_make(
        case, encrypted_pdf(tmp_path / "locked.pdf"), "application/pdf"
    )
    link = link_make(application, material, disclosure_officer, "release")
    with pytest.raises(ReleaseError, match=r"locked\.pdf"):
        release_make(application, link, by=disclosure_officer)
    assert not DisclosureFile.objects.filter(kind=DisclosureFile.Kind.RELEASE).exists()


@pytest.fixture
def video(case, tmp_path):
    recording = tmp_path / "record.mp4"
    recording.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    return material_make(
        case, recording, "video/mp4", form="video", title="现场检查录像", av=VIDEO_AV
    )


def test_a_recording_needs_the_heads_approval(
    received, video, disclosure_officer, disclosure_head, tmp_path
):
    application, _ = received
    link = link_make(application, video, disclosure_officer, "release")

    with pytest.raises(ReleaseError, match="第二十六条"):
        release_make(application, link, by=disclosure_officer)
    with pytest.raises(ReleaseError, match="负责人"):
        av_release_approve(application, by=disclosure_officer)

    av_release_approve(application, by=disclosure_head)
    release = release_make(application, link, by=disclosure_officer)

    assert release.file.digest == video.digest  # the recording, unaltered
    assert release.note.kind == DisclosureFile.Kind.AV_NOTE
    note = text_of(release.note, tmp_path)
    assert "ZFJLY-0015" in note and "40分00秒" in note
    assert "衡阳市珠晖区东风路18号" in note and application.number in note
    assert "第二十六条" in note


def test_a_recording_cannot_be_partly_released(
    received, video, disclosure_officer, disclosure_head
):
    application, _ = received
    av_release_approve(application, by=disclosure_head)
    link = link_make(application, video, disclosure_officer, "redact")
    with pytest.raises(ReleaseError, match="无法遮盖"):
        release_make(application, link, by=disclosure_officer, strings=[PERSON])
