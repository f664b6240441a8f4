"""A staff member finds a case by a phrase in a real browser, and it is logged.

Searches 留置送达 from the admin menu, narrows to one year with the facet,
opens the hit; the access log then holds the query, the narrowed query and
the opened case, each with the user.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.models import AccessAction, AccessLogEntry, ReadPurpose
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import MaterialText, TextStatus
from search.services import case_search_record_refresh
from tests.dossiers.factories import add_material, make_agency, make_case
from tests.e2e.helpers import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _case(agency, number: str, year: int, text: str):
    case = make_case(
        agency,
        case_number=number,
        opened_on=dt.date(year, 3, 1),
        closed_on=dt.date(year, 6, 30),
    )
    material = add_material(case, "送达回证", title="送达回证")
    MaterialText.objects.create(
        material=material, status=TextStatus.EXTRACTED, pages=[text], extractor="e2e"
    )
    case_search_record_refresh(case=case)
    return case


@pytest.fixture
def staff(transactional_db):
    agency, other = make_agency(name="珠晖区市场监督管理局"), make_agency()
    _case(agency, "珠市监罚〔2024〕3号", 2024, "受送达人拒绝签收，执法人员留置送达。")
    _case(agency, "珠市监罚〔2025〕8号", 2025, "依法留置送达，并全程录像。")
    _case(agency, "珠市监罚〔2025〕9号", 2025, "直接送达，当事人签收。")
    _case(other, "通应急罚〔2025〕1号", 2025, "留置送达。")
    user = get_user_model().objects.create_user("e2e-searcher", password=PASSWORD)
    user.groups.add(archivist_role_ensure(), agency_archivists_group(agency))
    return user


def test_staff_searches_filters_by_year_opens_a_hit_and_it_is_logged(
    live_server, page, staff
):
    login(page, live_server.url, staff.username, "/admin/")

    page.get_by_role("link", name="案件检索").click()
    page.fill("[data-testid=search-q]", "留置送达")
    page.click("[data-testid=search-submit]")
    total = page.locator("[data-testid=search-total]")
    expect(total).to_contain_text("共检索到 2 件案件")
    expect(page.locator("[data-testid=hits] mark").first).to_have_text("留置送达")
    # The other agency's case is never shown, not even as a count.
    expect(page.locator("[data-testid=facet-agency]")).not_to_contain_text("通化")

    page.click("[data-testid=facet-year-2025]")
    expect(total).to_contain_text("共检索到 1 件案件")
    hit = page.locator("[data-testid=hit-link]")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("珠市监罚〔2025〕8号")

    hit.click()
    expect(page.locator("[data-testid=case-number]")).to_have_text(
        "珠市监罚〔2025〕8号"
    )

    searches = AccessLogEntry.objects.filter(action=AccessAction.SEARCH, user=staff)
    assert [e.data["filters"] for e in searches.order_by("sequence")] == [
        {},
        {"year": "2025"},
    ]
    opened = AccessLogEntry.objects.get(action=AccessAction.VIEW_CASE, user=staff)
    assert opened.case_number == "珠市监罚〔2025〕8号"
    assert opened.reason == ReadPurpose.SEARCH_HIT
    assert opened.data == {"query": "留置送达"}
