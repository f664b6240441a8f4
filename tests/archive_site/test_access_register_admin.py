"""The 查阅登记簿 in the admin: who may open it, its filters, exports and log."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from access_control.consultations import access_request_create, access_request_decide
from access_control.models import AccessAction, AccessLogEntry, ReadPurpose, Role
from access_control.register import HEADERS
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT

URL = "/admin/archive/access/register/"


@pytest.fixture
def case(ordinary_case):
    return ordinary_case


@pytest.fixture
def people(case, person_with_role):
    agency, person = case.agency, person_with_role
    return {
        "officer": person("officer", agency, Role.OFFICER),
        "head": person("head", agency, Role.SECTION_HEAD, department=DEPARTMENT),
        "chief": person("chief", agency, Role.CHIEF),
    }


@pytest.fixture
def filed(case, people):
    request = access_request_create(
        user=people["officer"], case=case, kind="view", reason="行政诉讼应诉"
    )
    access_request_decide(
        request=request, user=people["chief"], approve=True, reason="同意"
    )
    return request


def _register_reads(user):
    return AccessLogEntry.objects.filter(
        user=user, reason=ReadPurpose.REGISTER_READ
    ).order_by("sequence")


def test_the_url_is_named():
    assert reverse("access_register") == URL


@pytest.mark.parametrize("who", ["archivist", "chief"])
def test_custodian_and_chief_see_the_register_and_each_view_is_logged(
    client, request, people, filed, who
):
    user = request.getfixturevalue("archivist") if who == "archivist" else people[who]
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert filed.number in html and "行政诉讼应诉" in html
    assert "?agency=" in html and "format=xlsx" in html
    client.get(URL)
    entries = list(_register_reads(user))
    assert len(entries) == 2
    assert entries[0].action == AccessAction.VIEW_CASE
    assert entries[0].data["register"] == filed.case.agency.code
    assert entries[0].data["rows"] == 1


@pytest.mark.parametrize("who", ["officer", "head", "superuser"])
def test_others_cannot_open_the_register(client, people, filed, who):
    if who == "superuser":
        user = get_user_model().objects.create_superuser("root", password="pw")
    else:
        user = people[who]
    client.force_login(user)
    assert client.get(URL).status_code == 404
    assert client.get(URL + "?format=csv").status_code == 404
    assert not _register_reads(user).exists()


def test_another_agencys_custodian_sees_only_their_own(client, filed, other_archivist):
    client.force_login(other_archivist)
    own = client.get(URL).content.decode()
    assert filed.number not in own and "没有符合条件的登记。" in own
    foreign = client.get(URL, {"agency": filed.case.agency_id}).content.decode()
    assert filed.number not in foreign and "选择一个有效的选项" in foreign
    assert _register_reads(other_archivist).count() == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "日期应为 YYYY-MM-DD 格式"),
        ({"to": "yesterday"}, "日期应为 YYYY-MM-DD 格式"),
        ({"from": "2026-12-05", "to": "2026-12-01"}, "起始日期不能晚于截止日期。"),
        ({"to": "9999-12-31"}, "日期应在 1949 年至 2200 年之间。"),
        ({"person": "nobody"}, "没有用户名为“nobody”的用户。"),
        ({"format": "doc"}, "导出格式只能是 XLSX、CSV 或 PDF。"),
    ],
)
def test_bad_filters_are_one_clear_message(client, archivist, filed, params, message):
    client.force_login(archivist)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert filed.number not in html
    assert not _register_reads(archivist).exists()


def test_filters_narrow_the_register(client, archivist, people, filed):
    client.force_login(archivist)
    day = filed.created_at.astimezone().date()
    assert filed.number in client.get(URL, {"person": "officer"}).content.decode()
    assert filed.number not in client.get(URL, {"person": "head"}).content.decode()
    later = {"from": str(day.replace(year=day.year + 1))}
    assert filed.number not in client.get(URL, later).content.decode()
    around = {"from": str(day), "to": str(day)}
    assert filed.number in client.get(URL, around).content.decode()
    last = _register_reads(archivist).last()
    assert last.data["from"] == last.data["to"] == str(day)


def _export(client, kind: str, **params):
    response = client.get(URL, {"format": kind, **params})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    return response.content


def test_exports_are_valid_files_and_logged(client, archivist, filed):
    client.force_login(archivist)
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS) and rows[1][0] == filed.number
    text = _export(client, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == list(HEADERS) and lines[1][0] == filed.number
    pdf = PdfReader(io.BytesIO(_export(client, "pdf")))
    assert len(pdf.pages) >= 1
    entries = list(_register_reads(archivist))
    assert [e.data["format"] for e in entries] == ["xlsx", "csv", "pdf"]
    assert {e.action for e in entries} == {AccessAction.DOWNLOAD}


def test_the_request_list_links_to_the_register(client, archivist):
    client.force_login(archivist)
    html = client.get(reverse("access_requests")).content.decode()
    assert URL in html


@pytest.mark.parametrize("name", ["agency", "from", "to", "person", "format", "p"])
def test_hostile_values_get_a_page_not_an_error(client, archivist, name):
    client.force_login(archivist)
    for value in ("99999999999999999999", "-1", "abc", "%FF%FE", "9" * 400):
        response = client.get(URL, QUERY_STRING=f"{name}={value}")
        assert response.status_code == 200, (name, value)
