"""政府信息公开年度报告 in the admin: who may see it, its table, files and figures."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from access_control.disclosure.models import DisclosureReviewFigures
from access_control.models import Role
from tests.access_control.disclosure import conftest as world
from tests.access_control.disclosure import test_report
from tests.conftest import person_make

pytestmark = pytest.mark.django_db
# The 政府信息公开 world's fixtures, used here too.
agency = world.agency
disclosure_officer = world.disclosure_officer
disclosure_head = world.disclosure_head
year_2025 = test_report.year_2025
URL = "/admin/archive/disclosure-report/"
FIGURES = {
    f"{part}__{cell}": 0
    for part in ("review", "suit_direct", "suit_after_review")
    for cell in ("upheld", "corrected", "other", "pending")
}


def _text(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(soup.stripped_strings)


def _url(agency, **extra) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"agency": agency.pk, **extra}.items())
    return f"{reverse('disclosure_report')}?{query}"


def test_a_user_without_a_desk_role_is_refused(client, agency):
    officer = person_make("zhifa", agency, Role.OFFICER)
    client.force_login(officer)
    response = client.get(_url(agency, year=2025))
    assert response.status_code == 302  # Wagtail's "no permission" redirect
    posted = client.post(
        reverse("disclosure_report_figures"),
        {"agency": agency.pk, "year": 2025, **FIGURES},
    )
    assert posted.status_code == 302
    assert not DisclosureReviewFigures.objects.exists()
    assert URL not in client.get("/admin/").content.decode()


def test_desk_staff_see_the_table_and_the_menu(
    client,
    agency,
    disclosure_officer,
    year_2025,
):
    client.force_login(disclosure_officer)
    assert URL in client.get("/admin/").content.decode()
    response = client.get(_url(agency, year=2025))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in soup.select("#disclosure-report-table tbody tr")
    }
    assert rows["一、本年新收政府信息公开申请数量"] == [
        "2",
        "0",
        "1",
        "0",
        "1",
        "1",
        "5",
    ]
    assert rows["四、结转下年度继续办理"][-1] == "2"


def test_the_table_downloads_in_each_format(
    client,
    agency,
    disclosure_officer,
    year_2025,
):
    client.force_login(disclosure_officer)
    as_json = client.get(_url(agency, year=2025, format="json"))
    assert json.loads(as_json.content)["rows"][0]["values"]["total"] == 5
    xlsx = client.get(_url(agency, year=2025, format="xlsx"))
    assert "attachment" in xlsx["Content-Disposition"]
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets[0]["A1"].value
    pdf = client.get(_url(agency, year=2025, format="pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_only_own_agencies_can_be_chosen(
    client, agency, sample_agencies, disclosure_officer
):
    other = sample_agencies[1]
    client.force_login(disclosure_officer)
    response = client.get(_url(other, year=2025, format="json"))
    assert response["Content-Type"].startswith("text/html")
    assert "收到和处理政府信息公开申请情况" not in _text(response)
    client.post(
        reverse("disclosure_report_figures"),
        {"agency": other.pk, "year": 2025, **FIGURES},
    )
    assert not DisclosureReviewFigures.objects.exists()


def test_the_head_enters_the_review_figures(client, agency, disclosure_head):
    client.force_login(disclosure_head)
    figures = FIGURES | {"review__upheld": 2, "suit_direct__pending": 1}
    response = client.post(
        reverse("disclosure_report_figures"),
        {"agency": agency.pk, "year": 2025, **figures},
        follow=True,
    )
    assert "已保存" in _text(response)
    kept = DisclosureReviewFigures.objects.get(agency=agency, year=2025)
    assert kept.figures["review"]["upheld"] == 2
    assert kept.updated_by == disclosure_head
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    review = soup.select("#disclosure-review-table tbody tr")[0]
    first = [td.get_text(strip=True) for td in review("td")]
    assert first == ["2", "0", "0", "0", "2"]


def test_a_negative_figure_is_refused_by_name(client, agency, disclosure_head):
    client.force_login(disclosure_head)
    response = client.post(
        reverse("disclosure_report_figures"),
        {"agency": agency.pk, "year": 2025, **FIGURES, "review__other": -3},
    )
    assert response.status_code == 200
    assert "“行政复议 其他结果”不能为负数。" in _text(response)
    assert not DisclosureReviewFigures.objects.exists()
