"""The redaction page: only the agency's 信息公开 staff, every content read logged."""

import pytest
from django.urls import reverse

from access_control.disclosure.files import file_open
from access_control.disclosure.models import (
    DisclosureDownloadLink,
    DisclosureFile,
    DisclosureLink,
)
from access_control.models import AccessAction, AccessLogEntry, Role
from tests.access_control.disclosure.releases import (
    PERSON,
    PERSON_ID,
    case_make,
    material_make,
    scan_pdf,
    text_pdf,
)
from tests.conftest import person_make
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(received, agency, disclosure_officer, tmp_path):
    application, _ = received
    material = material_make(
        case_make(agency), text_pdf(tmp_path / "text.pdf"), "application/pdf"
    )
    link = DisclosureLink.objects.create(
        application=application,
        case=material.case,
        material=material,
        linked_by=disclosure_officer,
        decision="redact",
        reviewed_by=disclosure_officer,
    )
    return application, link


def page_url(application, link) -> str:
    return reverse("disclosure_release", args=[application.pk, link.pk])


def test_the_officer_sees_the_proposals_and_the_read_is_logged(
    client, linked, disclosure_officer
):
    application, link = linked
    client.force_login(disclosure_officer)

    response = client.get(page_url(application, link))

    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{PERSON_ID}"' in body and f'value="{PERSON}"' in body
    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW_CONTENT)
    assert entry.data["application"] == application.number


@pytest.mark.parametrize(
    "who", ["anonymous", "archivist_of_the_agency", "other_agency_officer"]
)
def test_anyone_else_gets_nothing(client, linked, agency, sample_agencies, who):
    application, link = linked
    if who == "archivist_of_the_agency":
        client.force_login(person_make("keeper", agency, Role.ARCHIVIST))
    elif who == "other_agency_officer":
        client.force_login(
            person_make("elsewhere", sample_agencies[1], Role.DISCLOSURE_OFFICER)
        )

    response = client.get(page_url(application, link))

    assert response.status_code in (302, 404)
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW_CONTENT).exists()
    if who != "anonymous":
        assert AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()


def test_making_the_release_and_a_download_link(
    client, linked, disclosure_officer, tmp_path
):
    application, link = linked
    client.force_login(disclosure_officer)
    url = page_url(application, link)

    response = client.post(
        url,
        {"action": "make", "proposal": [PERSON, PERSON_ID], "extra": "处罚决定"},
        follow=True,
    )

    assert "检查通过" in response.content.decode()
    release = DisclosureFile.objects.get(kind=DisclosureFile.Kind.RELEASE)
    path = tmp_path / "release.pdf"
    with file_open(release) as stream:
        path.write_bytes(stream.read())
    text = pdf_text(path)
    assert PERSON not in text and PERSON_ID not in text and "处罚决定" not in text

    response = client.post(
        reverse("disclosure_release_link", args=[application.pk, release.pk]),
        {"days": "7", "next": url},
        follow=True,
    )
    assert "已生成" in response.content.decode()
    assert DisclosureDownloadLink.objects.get(file=release).downloads == 0


def test_a_bad_box_line_is_named(client, linked, disclosure_officer):
    application, link = linked
    client.force_login(disclosure_officer)
    response = client.post(
        page_url(application, link), {"action": "make", "boxes": "1 20 30"}
    )
    assert "遮盖框第 1 行" in response.content.decode()
    assert not DisclosureFile.objects.exists()


def test_the_preview_is_a_logged_png(
    client, received, agency, disclosure_officer, tmp_path
):
    application, _ = received
    material = material_make(
        case_make(agency), scan_pdf(tmp_path / "scan.pdf"), "application/pdf"
    )
    link = DisclosureLink.objects.create(
        application=application,
        case=material.case,
        linked_by=disclosure_officer,
        decision="release",
        reviewed_by=disclosure_officer,
    )
    client.force_login(disclosure_officer)
    url = reverse("disclosure_release_preview", args=[application.pk, link.pk, 1])

    response = client.get(url, {"material": material.pk, "boxes": "1 20 20 190 60"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert AccessLogEntry.objects.filter(
        action=AccessAction.VIEW_CONTENT, data__page=1
    ).exists()


def test_a_withheld_link_shows_the_refusal(client, linked, disclosure_officer):
    application, link = linked
    link.decision = DisclosureLink.Decision.WITHHOLD
    link.save()
    client.force_login(disclosure_officer)
    response = client.get(page_url(application, link))
    assert "不予公开" in response.content.decode()
    assert 'name="proposal"' not in response.content.decode()


def test_a_recording_is_approved_by_the_head_then_released_with_its_note(
    client, received, agency, disclosure_officer, disclosure_head, tmp_path
):
    application, _ = received
    recording = tmp_path / "record.mp4"
    recording.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    material = material_make(
        case_make(agency), recording, "video/mp4", form="video", title="现场检查录像"
    )
    link = DisclosureLink.objects.create(
        application=application,
        case=material.case,
        material=material,
        linked_by=disclosure_officer,
        decision="release",
        reviewed_by=disclosure_officer,
    )
    url = page_url(application, link)
    client.force_login(disclosure_officer)
    assert 'value="approve"' not in client.get(url).content.decode()
    refused = client.post(url, {"action": "make"})
    assert "第二十六条" in refused.content.decode()

    client.force_login(disclosure_head)
    client.post(url, {"action": "approve"})
    client.force_login(disclosure_officer)
    response = client.post(url, {"action": "make"}, follow=True)

    assert "并附文字说明" in response.content.decode()
    kinds = set(DisclosureFile.objects.values_list("kind", flat=True))
    assert kinds == {DisclosureFile.Kind.RELEASE, DisclosureFile.Kind.AV_NOTE}
