"""The case page shows each material's activity and recording details, the
preview shows them beside the player, and the agency's archivists correct the
著录信息 through a form (others may not)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from guardian.shortcuts import assign_perm

from access_control.services import archivist_role_ensure
from dossiers.models import EventType
from preservation.services.ingest import package_ingest
from tests.preservation.builders import VIDEO, material_edit, rebag

REASON = "经核对录像画面，该录像记录的是现场检查全过程"


@pytest.fixture
def untagged_case(db, example_bag):
    """The sample case with its inspection video tagged "other", subject vague."""
    bag = example_bag()
    material_edit(
        bag,
        VIDEO,
        activity="other",
        title="执法记录仪录像",
        av={
            "recorded_from": "2025-02-10T09:10:00+08:00",
            "recorded_to": "2025-02-10T09:50:00+08:00",
            "stored_at": "2025-02-10T13:50:00+08:00",
            "device": "ZFJLY-0015",
            "made_by": "吴婷",
            "method": "执法记录仪录像",
            "proves": "执法过程",
            "continuous": False,
            "interruptions": [
                {
                    "at": "2025-02-10T09:30:00+08:00",
                    "resumed_at": "2025-02-10T09:34:00+08:00",
                    "reason": "更换电池",
                }
            ],
        },
    )
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    return report.case


@pytest.fixture
def agency_archivist(untagged_case, archivist_role):
    from access_control.services import agency_archivists_group

    user = get_user_model().objects.create_user("binder")
    user.groups.add(archivist_role, agency_archivists_group(untagged_case.agency))
    return user


def video(case):
    return case.materials.get(path=VIDEO)


def correct_url(material):
    return reverse("archive_material_correct", args=[material.pk])


def case_page(client, case, **params):
    return client.get(reverse("case:inspect", args=[case.pk]), params).content.decode()


def current_findings(page):
    """The case page's regulation checks on the current metadata."""
    return page[page.index('data-testid="case-findings"') : page.index("四性检测报告")]


def test_case_page_shows_activity_and_recording_details(
    client, agency_archivist, untagged_case
):
    client.force_login(agency_archivist)
    page = case_page(client, untagged_case)
    assert "执法环节：其他" in page
    assert "起止时间：2025-02-10 09:10 至 2025-02-10 09:50" in page
    assert "中断 1 次：09:30—09:34（更换电池）" in page
    assert "av_missing" not in page  # codes stay internal; the message is shown
    assert "案卷中没有相应的录音或录像" in current_findings(page)
    assert "已核对音像记录著录的执法环节" in current_findings(page)


def test_preview_shows_recording_details_beside_the_player(
    client, agency_archivist, untagged_case
):
    client.force_login(agency_archivist)
    page = case_page(
        client, untagged_case, preview=video(untagged_case).pk, purpose="审核"
    )
    facts = page[page.index('data-testid="preview"') : page.index("case-dossier")]
    assert "<video" in facts
    for shown in (
        "制作人",
        "吴婷",
        "设备",
        "ZFJLY-0015",
        "存储时间",
        "2025-02-10 13:50",
    ):
        assert shown in facts


def test_archivist_corrects_the_activity_and_the_blocking_finding_goes(
    client, agency_archivist, untagged_case
):
    client.force_login(agency_archivist)
    material = video(untagged_case)
    form = client.get(correct_url(material))
    assert form.status_code == 200
    assert "执法环节" in form.content.decode() and "更正理由" in form.content.decode()
    response = client.post(
        correct_url(material),
        {
            "activity": "on_site_inspection",
            "recorded_from": "2025-02-10T09:10",
            "recorded_to": "2025-02-10T09:50",
            "stored_at": "2025-02-10T13:50",
            "proves": "执法过程",
            "witness": "",
            "reason": REASON,
        },
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.activity == "on_site_inspection"
    assert material.av["recorded_from"] == "2025-02-10T09:10:00+08:00"
    event = untagged_case.events.get(event_type=EventType.METADATA_CORRECTED)
    assert event.event_outcome_detail["after"] == {"activity": "on_site_inspection"}
    page = case_page(client, untagged_case)
    assert "案卷中没有相应的录音或录像" not in current_findings(page)
    assert REASON in page  # the event is in the case history


def test_correction_without_reason_is_refused_with_a_message(
    client, agency_archivist, untagged_case
):
    client.force_login(agency_archivist)
    material = video(untagged_case)
    response = client.post(correct_url(material), {"activity": "on_site_inspection"})
    assert response.status_code == 200
    assert "请填写更正理由。" in response.content.decode()
    material.refresh_from_db()
    assert material.activity == "other"


def test_other_agency_cannot_open_the_form(client, other_archivist, untagged_case):
    client.force_login(other_archivist)
    assert client.get(correct_url(video(untagged_case))).status_code == 404


def test_granted_reader_may_see_but_not_correct(client, untagged_case):
    reader = get_user_model().objects.create_user("reader")
    reader.groups.add(archivist_role_ensure())
    assign_perm("dossiers.view_case", reader, untagged_case)
    client.force_login(reader)
    assert "更正</a>" not in case_page(client, untagged_case)
    material = video(untagged_case)
    response = client.post(
        correct_url(material), {"activity": "on_site_inspection", "reason": REASON}
    )
    # Wagtail turns PermissionDenied into a redirect home with a message.
    assert (response.status_code, response.get("Location")) in {
        (403, None),
        (302, "/admin/"),
    }
    material.refresh_from_db()
    assert material.activity == "other"
