"""保管期限表 in the admin: the seeds' defaults, a new row, who may."""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.models import Role
from preservation.models import RetentionRule
from tests.dossiers.factories import make_agency

URL = "/admin/archive/retention/rules/"


@pytest.fixture
def agency(db):
    return make_agency()


def test_the_url_is_named():
    assert reverse("archive_retention_rules") == URL


def test_the_chief_adds_a_row_in_force_from_its_date(
    client, agency, person_with_role, time_machine
):
    time_machine.move_to(dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC), tick=False)
    chief = person_with_role("chief", agency, Role.CHIEF)
    client.force_login(chief)
    body = client.get(URL).content.decode()
    assert "行政执法案卷保存30年（000 §34）" in body and "尚无本机关条目" in body
    form = {
        "agency": agency.pk,
        "procedure": "summary",
        "retention": "10y",
        "effective_from": "2026-07-01",
        "basis": "局务会议决定",
    }
    response = client.post(URL, form)
    assert response.status_code == 302
    rule = RetentionRule.objects.get()
    assert rule.created_by == chief and rule.trigger == ""
    body = client.get(URL).content.decode()
    assert "各类案件，简易程序，无长期保存情形" in body


def test_a_past_effective_date_is_refused(client, agency, person_with_role):
    client.force_login(person_with_role("keeper", agency, Role.ARCHIVIST))
    form = {"agency": agency.pk, "retention": "10y", "effective_from": "2000-01-01"}
    body = client.post(URL, form).content.decode()
    assert "施行日期不得早于今天" in body
    assert not RetentionRule.objects.exists()


def test_another_agency_cannot_be_chosen(client, agency, person_with_role):
    client.force_login(person_with_role("keeper", agency, Role.ARCHIVIST))
    other = make_agency()
    form = {"agency": other.pk, "retention": "10y", "effective_from": "2099-01-01"}
    assert client.post(URL, form).status_code == 200
    assert not RetentionRule.objects.exists()


def test_others_get_a_404(client, agency, person_with_role):
    client.force_login(person_with_role("officer", agency, Role.OFFICER))
    assert client.get(URL).status_code == 404
