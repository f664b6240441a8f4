import pytest
from django.urls import NoReverseMatch, reverse

from dossiers.models import Agency


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


def _form(agency=None, **overrides):
    identity = {"name": agency.name, "code": agency.code} if agency else {}
    return {
        **identity,
        "archiving_deadline_days": "30",
        "av_upload_deadline": "2wd",
        "ordering_template": "penalty",
        "archival_code_pattern": "{fonds}-{year}-{retention}-{number:04d}",
        "access_max_days": "15",
        **overrides,
    }


def test_administrator_chooses_agency_settings(admin_client, ingested_case):
    agency = ingested_case.agency
    response = admin_client.post(
        reverse("agency:edit", args=[agency.pk]), _form(agency)
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.archiving_deadline_days, agency.av_upload_deadline) == (30, "2wd")
    assert agency.ordering_template == "penalty"
    assert agency.access_max_days == 15


def test_a_broken_archival_code_pattern_is_refused(admin_client, ingested_case):
    agency = ingested_case.agency
    response = admin_client.post(
        reverse("agency:edit", args=[agency.pk]),
        _form(agency, archival_code_pattern="{fonds}-{unknown}"),
    )
    assert response.status_code == 200
    assert "档号格式无效" in response.content.decode()
    assert Agency.objects.get(pk=agency.pk).archival_code_pattern != "{fonds}-{unknown}"


def test_archivists_cannot_change_settings(client, archivist, ingested_case):
    client.force_login(archivist)
    agency = ingested_case.agency
    response = client.post(reverse("agency:edit", args=[agency.pk]), _form(agency))
    assert response.status_code in (302, 403)
    assert Agency.objects.get(pk=agency.pk).ordering_template == "chronological"


def test_agencies_are_never_deleted():
    with pytest.raises(NoReverseMatch):
        reverse("agency:delete", args=[1])


def test_administrator_registers_an_agency(admin_client):
    identity = {
        "name": "珠晖区交通运输局",
        "code": "11430405MB7777777A",
        "fonds": "J050",
    }
    response = admin_client.post(reverse("agency:add"), _form(**identity))
    assert response.status_code == 302
    agency = Agency.objects.get(code=identity["code"])
    assert (agency.fonds, agency.ordering_template) == ("J050", "penalty")
    assert agency.changes.get().kind == "registered"


def test_a_taken_fonds_is_refused_in_the_admin(admin_client, sample_agencies):
    identity = {"name": "误建机关", "code": "11430405MB7777777A", "fonds": "J031"}
    response = admin_client.post(reverse("agency:add"), _form(**identity))
    assert response.status_code == 200
    assert "该全宗号已属于另一个机关" in response.content.decode()
    assert not Agency.objects.filter(name="误建机关").exists()


def test_a_code_correction_needs_a_reason_and_is_logged(admin_client, ingested_case):
    agency = ingested_case.agency
    url = reverse("agency:edit", args=[agency.pk])
    corrected = _form(agency, code="11430405MB1234568X")
    response = admin_client.post(url, corrected)
    assert "更正统一社会信用代码须说明理由" in response.content.decode()
    assert Agency.objects.get(pk=agency.pk).code == "11430405MB1234567X"
    response = admin_client.post(url, {**corrected, "reason": "登记时抄错一位"})
    assert response.status_code == 302
    change = agency.changes.get(kind="code_corrected")
    assert (change.before["code"], change.after["code"]) == (
        "11430405MB1234567X",
        "11430405MB1234568X",
    )
    assert change.reason == "登记时抄错一位"
