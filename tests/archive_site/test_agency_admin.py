import pytest
from django.urls import NoReverseMatch, reverse

from dossiers.models import Agency


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


def _form(**overrides):
    return {
        "archiving_deadline_days": "30",
        "av_upload_deadline": "2wd",
        "ordering_template": "penalty",
        "archival_code_pattern": "{fonds}-{year}-{retention}-{number:04d}",
        **overrides,
    }


def test_administrator_chooses_agency_settings(admin_client, ingested_case):
    agency = ingested_case.agency
    response = admin_client.post(reverse("agency:edit", args=[agency.pk]), _form())
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.archiving_deadline_days, agency.av_upload_deadline) == (30, "2wd")
    assert agency.ordering_template == "penalty"


def test_a_broken_archival_code_pattern_is_refused(admin_client, ingested_case):
    agency = ingested_case.agency
    response = admin_client.post(
        reverse("agency:edit", args=[agency.pk]),
        _form(archival_code_pattern="{fonds}-{unknown}"),
    )
    assert response.status_code == 200
    assert "档号格式无效" in response.content.decode()
    assert Agency.objects.get(pk=agency.pk).archival_code_pattern != "{fonds}-{unknown}"


def test_archivists_cannot_change_settings(client, archivist, ingested_case):
    client.force_login(archivist)
    agency = ingested_case.agency
    response = client.post(reverse("agency:edit", args=[agency.pk]), _form())
    assert response.status_code in (302, 403)
    assert Agency.objects.get(pk=agency.pk).ordering_template == "chronological"


@pytest.mark.parametrize("name", ["agency:add", "agency:delete"])
def test_agencies_are_not_added_or_deleted_by_hand(name):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=[] if name == "agency:add" else [1])
