"""The staff search page: one actor per test, and the log of every search and hit."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from access_control.models import AccessAction, AccessLogEntry, ReadPurpose
from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import MaterialText, TextStatus
from preservation.services.storage import object_store
from search.services import case_search_record_refresh
from tests.dossiers.factories import add_material, make_agency, make_case

pytestmark = pytest.mark.django_db
URL = "/admin/archive/search/"


def _case(
    agency, number: str, year: int, text: str, title="某公司未按规定开展安全培训案"
):
    case = make_case(
        agency,
        case_number=number,
        title=title,
        opened_on=dt.date(year, 3, 1),
        closed_on=dt.date(year, 6, 30),
    )
    stored = object_store(_pdf(case.case_number))
    material = add_material(
        case, "送达回证", title="送达回证", digest=stored.digest, size=stored.size
    )
    MaterialText.objects.create(
        material=material, status=TextStatus.EXTRACTED, pages=[text], extractor="test"
    )
    case_search_record_refresh(case=case)
    return case


def _pdf(name: str):
    path = settings.ARCHIVE_STAGING / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n")
    return path


@pytest.fixture
def world():
    a, b = (
        make_agency(name="珠晖区市场监督管理局"),
        make_agency(name="通化市应急管理局"),
    )
    return {
        "a": a,
        "b": b,
        "a2024": _case(
            a, "珠市监罚〔2024〕3号", 2024, "受送达人拒绝签收，执法人员采用留置送达。"
        ),
        "a2025": _case(a, "珠市监罚〔2025〕8号", 2025, "依法留置送达，并拍照录像。"),
        "b2025": _case(b, "通应急罚〔2025〕1号", 2025, "见证人在场，留置送达。"),
    }


def _archivist(agency, name="searcher"):
    user = get_user_model().objects.create_user(name, password="pw")
    user.groups.add(archivist_role_ensure(), agency_archivists_group(agency))
    return user


def _hits(response) -> list[str]:
    return [item["hit"].case.case_number for item in response.context["hits"]]


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL, {"q": "留置送达"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not AccessLogEntry.objects.filter(action=AccessAction.SEARCH).exists()


def test_staff_without_admin_access_cannot_search(client, world):
    user = get_user_model().objects.create_user("clerk", password="pw")
    client.force_login(user)
    response = client.get(URL, {"q": "留置送达"})
    assert response.status_code in (302, 403)
    assert not AccessLogEntry.objects.filter(action=AccessAction.SEARCH).exists()


def test_archivist_sees_only_own_agency_in_hits_counts_and_facets(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(URL, {"q": "留置送达"})
    assert response.status_code == 200
    assert sorted(_hits(response)) == ["珠市监罚〔2024〕3号", "珠市监罚〔2025〕8号"]
    outcome = response.context["outcome"]
    assert outcome.total == 2
    agencies = {v.label: v.count for v in outcome.facets["agency_id"]}
    assert agencies == {"珠晖区市场监督管理局": 2}
    assert "通应急罚" not in response.content.decode()


def test_archivist_of_the_other_agency_sees_theirs(client, world):
    client.force_login(_archivist(world["b"], "other"))
    response = client.get(URL, {"q": "留置送达"})
    assert _hits(response) == ["通应急罚〔2025〕1号"]


def test_the_year_facet_narrows_and_shows_highlighted_snippets(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(URL, {"q": "留置送达", "year": "2025"})
    assert _hits(response) == ["珠市监罚〔2025〕8号"]
    years = {
        v.label: (v.count, v.selected)
        for v in response.context["outcome"].facets["year"]
    }
    assert years == {"2025": (1, True)}
    assert "<mark>留置送达</mark>" in response.content.decode()


def test_every_search_is_logged_with_its_user_query_and_total(client, world):
    user = _archivist(world["a"])
    client.force_login(user)
    client.get(URL, {"q": "留置送达", "year": "2024", "sort": "newest"})
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH)
    assert entry.user == user
    assert entry.data["query"] == "留置送达"
    assert entry.data["filters"] == {"year": "2024"}
    assert entry.data["total"] == 1
    assert entry.data["sort"] == "newest"


def test_opening_a_hit_is_logged_as_a_search_hit(client, world):
    user = _archivist(world["a"])
    client.force_login(user)
    response = client.get(URL, {"q": "留置送达"})
    item = response.context["hits"][0]
    assert client.get(item["url"]).status_code == 200
    entry = AccessLogEntry.objects.filter(action=AccessAction.VIEW_CASE).get()
    assert entry.case_number == item["hit"].case.case_number
    assert entry.reason == ReadPurpose.SEARCH_HIT
    assert entry.data == {"query": "留置送达"}


def test_a_text_snippet_opens_its_material_through_the_gate(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(URL, {"q": "留置送达"})
    urls = [url for _, url in response.context["hits"][0]["snippets"] if url]
    assert urls, "a hit in a PDF page links to that material"
    # The link carries no 事由 of the system's: the custodian is asked for one.
    asked = client.get(urls[0])
    assert asked.status_code == 403 and "查阅事由" in asked.content.decode()
    content = client.get(urls[0] + "?purpose=审核")
    assert content.status_code == 200
    assert content["Content-Type"] == "application/pdf"
    entry = AccessLogEntry.objects.filter(action=AccessAction.VIEW_CONTENT).get()
    assert entry.reason == "审核"


def test_a_hit_of_another_agency_cannot_be_opened_by_url(client, world):
    client.force_login(_archivist(world["a"]))
    url = reverse("case:inspect", args=[world["b2025"].pk]) + "?search=留置送达"
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()


def test_no_query_shows_the_form_and_logs_nothing(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["outcome"] is None
    assert not AccessLogEntry.objects.filter(action=AccessAction.SEARCH).exists()


def test_a_query_without_letters_or_digits_says_so(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(URL, {"q": "〔〕，。"})
    assert "检索词中没有可检索的汉字、字母或数字" in response.content.decode()


def test_a_reversed_date_range_is_refused_with_a_message(client, world):
    client.force_login(_archivist(world["a"]))
    response = client.get(
        URL, {"q": "留置送达", "closed_from": "2025-12-31", "closed_to": "2025-01-01"}
    )
    assert response.context["outcome"] is None
    assert "起始日不能晚于终止日" in response.content.decode()


def test_the_page_costs_the_same_queries_for_two_hits_or_six(
    client, world, django_assert_max_num_queries
):
    user = _archivist(world["a"])
    client.force_login(user)
    client.get(URL, {"q": "留置送达"})  # warm caches (content types, permissions)
    with django_assert_max_num_queries(40) as two:
        client.get(URL, {"q": "留置送达"})
    for n in range(4):
        _case(world["a"], f"珠市监罚〔2023〕{n + 10}号", 2023, "留置送达。")
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(URL, {"q": "留置送达"})
    assert response.context["outcome"].total == 6


def test_a_hit_says_how_many_scanned_pages_search_could_not_read(client, world):
    case = world["a2025"]
    scan = add_material(case, "现场照片", title="询问笔录（扫描件）", pages=2)
    MaterialText.objects.create(
        material=scan,
        status=TextStatus.NO_TEXT_LAYER,
        pages=["", ""],
        empty_pages=[1, 2],
        extractor="test",
    )
    case_search_record_refresh(case=case)
    client.force_login(_archivist(world["a"]))
    response = client.get(URL, {"q": "留置送达", "year": "2025"})
    assert "另有 2 页扫描件无文字层，未纳入全文检索" in response.content.decode()
