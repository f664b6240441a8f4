"""Admin pages per actor: archivist of the agency, of another agency, anonymous."""

import shutil
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from access_control.models import AccessLogEntry, Role
from access_control.roles import membership_set
from access_control.services import agency_archivists_group
from dossiers.models import Agency, Case
from preservation.models import IngestReport
from tests.conftest import SAMPLE_AGENCIES

INDEX = "/admin/case/"


def _inspect(case):
    return reverse("case:inspect", args=[case.pk])


def test_archivist_lists_the_agency_cases(client, archivist, ingested_case):
    client.force_login(archivist)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert ingested_case.case_number in response.content.decode()


def test_other_agency_sees_no_case(client, other_archivist, ingested_case):
    client.force_login(other_archivist)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert ingested_case.case_number not in response.content.decode()
    assert list(response.context["object_list"]) == []


def test_anonymous_is_sent_to_login(client, ingested_case):
    response = client.get(_inspect(ingested_case))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_user_without_role_cannot_enter_the_admin(client, staff_without_role):
    client.force_login(staff_without_role)
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("year=2025", True),
        ("year=2019", False),
        ("category=administrative_penalty", True),
        ("category=administrative_licensing", False),
    ],
)
def test_filters(client, archivist, ingested_case, query, found):
    client.force_login(archivist)
    response = client.get(f"{INDEX}?{query}")
    assert (ingested_case.case_number in response.content.decode()) is found


def test_case_page_shows_materials_report_and_events_and_is_logged(
    client, archivist, ingested_case
):
    client.force_login(archivist)
    response = client.get(_inspect(ingested_case))
    html = response.content.decode()
    assert response.status_code == 200
    assert ingested_case.case_number in html
    for label in ("程序启动", "调查取证", "审查决定", "送达执行", "归档管理"):
        assert label in html
    assert "四性检测报告" in html
    assert "接收入库" in html  # the ingestion event
    entry = AccessLogEntry.objects.get(action="view_case")
    assert entry.user == archivist and entry.case_number == ingested_case.case_number


def test_case_page_preview_embeds_the_gate_url(client, archivist, ingested_case):
    material = ingested_case.materials.get(sequence=1)
    client.force_login(archivist)
    asked = client.get(_inspect(ingested_case) + f"?preview={material.pk}")
    assert 'data-testid="purpose-form"' in asked.content.decode()
    assert "<iframe" not in asked.content.decode()  # no 事由 given yet
    query = f"?preview={material.pk}&purpose=审核"
    response = client.get(_inspect(ingested_case) + query)
    gate = reverse("access_control:material_content", args=[material.pk])
    assert f'<iframe src="{gate}"' in response.content.decode()


def test_other_agency_case_page_is_404_and_logged(
    client, other_archivist, ingested_case
):
    client.force_login(other_archivist)
    assert client.get(_inspect(ingested_case)).status_code == 404
    assert AccessLogEntry.objects.get().action == "denied"


def test_ingest_report_page_is_a_logged_read(client, archivist, ingested_case):
    report = IngestReport.objects.get(case=ingested_case)
    client.force_login(archivist)
    response = client.get(reverse("ingestreport:inspect", args=[report.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(action="view_case")
    assert entry.user == archivist
    assert entry.case_number == ingested_case.case_number
    assert entry.reason == "查看接收报告"


def test_ingest_report_of_another_agency_is_404_and_logged(
    client, other_archivist, ingested_case
):
    report = IngestReport.objects.get(case=ingested_case)
    client.force_login(other_archivist)
    response = client.get(reverse("ingestreport:inspect", args=[report.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.get().action == "denied"


@pytest.mark.parametrize("name", ["case:add", "case:edit", "case:delete"])
def test_cases_cannot_be_added_edited_or_deleted_in_the_admin(name):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=[] if name == "case:add" else [1])


def test_superuser_sees_no_edit_or_delete_buttons(
    client, django_user_model, ingested_case
):
    # Every model permission, and the agency's archivist so as to see the case
    # at all (superuser status alone opens nothing: issue #12).
    admin = django_user_model.objects.create_superuser("root", password="x")
    membership_set(user=admin, agency=ingested_case.agency, role=Role.ARCHIVIST)
    client.force_login(admin)
    response = client.get(_inspect(ingested_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert ingested_case.case_number in html
    assert "/admin/case/edit/" not in html and "/admin/case/delete/" not in html


def test_upload_requires_the_archivist_role(client, staff_without_role):
    staff_without_role.is_staff = True
    staff_without_role.save()
    client.force_login(staff_without_role)
    assert client.get(reverse("archive_package_upload")).status_code in (302, 403)


def test_archivist_uploads_a_zip_and_sees_the_report(
    client, archivist_role, django_user_model, example_bag, tmp_path
):
    user = django_user_model.objects.create_user("uploader", password="x")
    agency = Agency.objects.get(code=SAMPLE_AGENCIES[1]["code"])
    user.groups.add(archivist_role, agency_archivists_group(agency))
    bag = example_bag("sip-example-penalty")
    archive = shutil.make_archive(str(tmp_path / "upload"), "zip", bag.parent, bag.name)
    client.force_login(user)
    with Path(archive).open("rb") as f:
        response = client.post(reverse("archive_package_upload"), {"package": f})
    report = IngestReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ingestreport:inspect", args=[report.pk])
    assert report.status == "accepted" and report.submitted_by == user
    assert Case.objects.get().case_number == report.case_number
    page = client.get(response["Location"]).content.decode()
    assert "已接收" in page


def test_refused_upload_shows_the_reason(
    client, archivist_role, django_user_model, tmp_path
):
    user = django_user_model.objects.create_user("uploader", password="x")
    user.groups.add(archivist_role)
    bogus = tmp_path / "not-a-bag.zip"
    bogus.write_bytes(b"PK\x03\x04 definitely not a zip")
    client.force_login(user)
    with bogus.open("rb") as f:
        response = client.post(
            reverse("archive_package_upload"), {"package": f}, follow=True
        )
    html = response.content.decode()
    assert "已拒收" in html and "not-a-bag.zip" in html
    assert Case.objects.count() == 0
