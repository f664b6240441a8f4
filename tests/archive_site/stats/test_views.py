"""统计分析 in the admin: who sees it, filters, SVG charts with tables, XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access_control.models import Role
from archive_site.stats.registry import DASHBOARDS
from tests.archive_site.stats.world import TODAY, build

URL = "/admin/archive/stats/"


@pytest.fixture
def world(db, person_with_role, time_machine):
    time_machine.move_to(TODAY, tick=False)
    world = build(person_with_role("reader"))
    person = person_with_role
    mine, theirs = world["mine"], world["theirs"]
    world["keeper"] = person("keeper", mine, Role.ARCHIVIST)
    world["chief"] = person("chief", mine, Role.CHIEF)
    world["both"] = person("both", mine, Role.DEPUTY)
    world["both"].memberships.create(agency=theirs, role=Role.CHIEF)
    world["officer"] = person("officer", mine, Role.OFFICER)
    world["head"] = person("head", mine, Role.SECTION_HEAD, department="法制科")
    world["root"] = person("root")
    world["root"].is_superuser = True
    world["root"].save()
    return world


def test_the_urls_are_named():
    assert reverse("archive_stats") == URL
    assert reverse("archive_stats_figure", args=["findings"]) == URL + "findings/"


@pytest.mark.parametrize("who", ["keeper", "chief"])
def test_the_agencys_archivists_and_chief_see_every_dashboard(client, world, who):
    client.force_login(world[who])
    for dashboard in DASHBOARDS:
        response = client.get(f"{URL}{dashboard.key}/")
        body = response.content.decode()
        assert response.status_code == 200, dashboard.key
        assert '<svg class="stats-chart"' in body and "<caption>表：" in body
        assert "导出 XLSX" in body


@pytest.mark.parametrize("who", ["officer", "head", "root"])
def test_others_are_refused_and_see_no_menu_item(client, world, who):
    # A superuser without a role in an agency sees no agency's figures.
    client.force_login(world[who])
    refused = client.get(URL + "findings/", {"format": "xlsx"})
    assert refused.status_code == 302  # Wagtail's "no permission" redirect
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert "统计分析" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_menu_item_is_shown_to_the_archivist(client, world):
    client.force_login(world["keeper"])
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_agency_scoped_user_sees_their_agency_only(client, world):
    client.force_login(world["keeper"])
    body = client.get(URL).content.decode()
    assert world["theirs"].name not in body
    # Asking for another agency is refused by the form, not answered.
    other = client.get(URL, {"agency": world["theirs"].pk}).content.decode()
    assert "选择一个有效的选项" in other and "<caption>" not in other


def test_the_table_shows_the_charted_numbers(client, world):
    client.force_login(world["keeper"])
    body = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31"}).content
    html = body.decode()
    assert '<th scope="row">2026年02月</th><td>2</td><td>1</td><td>1</td>' in html
    assert "<title>行政许可：1</title>" in html  # the February bar's segment


def test_filters_by_agency_section_and_period(client, world):
    client.force_login(world["both"])
    query = {"agency": world["mine"].pk, "department": "法制科",
             "start": "2026-01-01", "end": "2026-02-28"}  # fmt: skip
    html = client.get(URL, query).content.decode()
    assert '<th scope="row">2026年01月</th><td>1</td>' in html
    assert '<th scope="row">2026年02月</th><td>1</td>' in html
    assert "2026年03月" not in html.split("<table")[1]
    everything = client.get(URL, {"start": "2026-01-01", "end": "2026-01-31"})
    # Both agencies together: c1 (mine) and c5 (theirs) in January.
    assert '<th scope="row">2026年01月</th><td>2</td>' in everything.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-02-30"}, "起始日期应为日期"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "截止日期不能早于起始日期"),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "统计期间最长十年"),
        ({"start": "1800-01-01", "end": "1800-02-01"}, "应在 1949 年至 2200 年之间"),
        ({"department": "不存在的科"}, "选择一个有效的选项"),
    ],
)
def test_bad_filters_are_said_in_chinese(client, world, query, message):
    client.force_login(world["keeper"])
    response = client.get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_unknown_dashboard_is_a_404(client, world):
    client.force_login(world["keeper"])
    assert client.get(URL + "nothing/").status_code == 404


def test_the_xlsx_holds_the_figure_tables(client, world):
    client.force_login(world["keeper"])
    response = client.get(URL + "timeliness/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "stats-timeliness-2026-01-01-2026-12-31.xlsx"
        in (response["Content-Disposition"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "归档及时性"
    assert ["2026年02月", 2, 0, "100.0%", 13.5, 0] in rows
    assert ["11–20日", 2] in [r[:2] for r in rows]
