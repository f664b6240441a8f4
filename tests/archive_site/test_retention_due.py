"""保管期限届满 in the admin: the list, the dashboard panel, holds on pages."""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.models import Role
from preservation.retention.holds import hold_place
from tests.dossiers.factories import make_agency, make_case
from tests.preservation.retention.helpers import sealed_row

URL = "/admin/archive/retention/due/"
SPRING_2026 = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(db, person_with_role):
    mine, theirs = make_agency(), make_agency()
    case = make_case(mine, case_number="长应急罚〔1992〕7号")
    dossier = sealed_row(case, retention_end=dt.date(2023, 12, 31), code="J1-D30-7")
    sealed_row(make_case(theirs), retention_end=dt.date(2020, 12, 31), code="X-9")
    sealed_row(make_case(mine), retention_end=dt.date(2030, 12, 31), code="J1-D30-8")
    person = person_with_role
    keeper = person("keeper", mine, Role.ARCHIVIST)
    hold_place(
        case=case,
        kind="litigation",
        reason="当事人起诉",
        user=keeper,
        reference="行初12号",
    )
    return {
        "case": case,
        "dossier": dossier,
        "keeper": keeper,
        "appraiser": person("appraiser", mine, Role.APPRAISER),
        "officer": person("officer", mine, Role.OFFICER),
    }


def test_the_url_is_named():
    assert reverse("archive_retention_due") == URL


@pytest.mark.parametrize("who", ["keeper", "appraiser"])
def test_the_agencys_archivists_and_appraisers_see_their_due_list(
    client, world, who, time_machine
):
    time_machine.move_to(SPRING_2026, tick=False)
    client.force_login(world[who])
    body = client.get(URL).content.decode()
    assert "J1-D30-7" in body and "冻结中：行政诉讼 行初12号" in body
    assert "X-9" not in body and "J1-D30-8" not in body  # another agency; not due
    later = client.get(URL, {"by": "2031-01-01"}).content.decode()
    assert "J1-D30-8" in later


def test_others_get_a_404(client, world):
    client.force_login(world["officer"])
    assert client.get(URL).status_code == 404


def test_a_bad_date_is_said_and_the_year_end_used(client, world, time_machine):
    time_machine.move_to(SPRING_2026, tick=False)
    client.force_login(world["keeper"])
    body = client.get(URL, {"by": "2026-02-30"}).content.decode()
    assert "日期格式应为 YYYY-MM-DD" in body and "截至 2026-12-31" in body


def test_the_dashboard_counts_per_year(client, world, time_machine):
    time_machine.move_to(SPRING_2026, tick=False)
    client.force_login(world["keeper"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-testid="todo-retention_due"' in body
    assert 'data-testid="due-year-2035"' in body
    client.force_login(world["officer"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-testid="todo-retention_due"' not in body


def test_holds_show_on_the_case_and_dossier_pages(client, world):
    client.force_login(world["keeper"])
    for url in (
        reverse("case:inspect", args=[world["case"].pk]),
        reverse("dossier:inspect", args=[world["dossier"].pk]),
    ):
        body = client.get(url).content.decode()
        assert 'data-testid="hold-active"' in body and "行初12号" in body, url


@pytest.mark.parametrize(
    "query",
    [
        "agency=%FF%FE",  # not UTF-8
        "agency=%ED%A0%80",  # an encoded lone surrogate
        "p=99999999999999999999",
        "by=" + "9" * 400,
        "p=-1&by=-1",
    ],
)
def test_hostile_parameters_get_the_page(client, world, query):
    client.force_login(world["keeper"])
    assert client.get(f"{URL}?{query}").status_code == 200
