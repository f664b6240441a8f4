"""A user's case search: trimmed to their scope, filtered, sorted, paged.

Every test runs on the database backend and on the engine (`search_backend`).
"""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from access_control.services import (
    agency_archivists_group,
    case_permission_grant,
    case_permission_revoke,
)
from dossiers.models import Agency
from search.models import CaseSearchRecord
from search.selectors import FACETS, SearchFilters, case_search
from tests.search.corpus import search_case

pytestmark = pytest.mark.django_db


@dataclass
class Archive:
    agencies: dict[str, Agency]
    records: dict[str, CaseSearchRecord]
    users: dict[str, object]

    def names(self, hits) -> list[str]:
        by_pk = {record.pk: name for name, record in self.records.items()}
        return [by_pk[hit.record.pk] for hit in hits]


@pytest.fixture
def archive(
    archivist_role, staff_without_role, archivist_everywhere, django_user_model
):
    """Two agencies, three cases about 燃气, and one user per actor."""
    a = Agency.objects.create(
        name="衡阳市珠晖区应急管理局", code="11430405MB0320001A", fonds="J032"
    )
    b = Agency.objects.create(
        name="通化市应急管理局", code="11220500MB0320002B", fonds="J099"
    )
    records = {
        "a1": search_case(
            a,
            case_number="珠应急罚〔2025〕12号",
            title="珠晖燃气有限公司未建立事故隐患排查治理制度案",
            closed_on=dt.date(2025, 3, 6),
            dossier={"state": "sealed", "retention": "30y"},
        ),
        "a2": search_case(
            a,
            case_number="珠应急检〔2024〕3号",
            title="湘江燃气经营部安全检查案",
            category="administrative_inspection",
            procedure="summary",
            closed_on=dt.date(2024, 11, 20),
        ),
        "b1": search_case(
            b,
            case_number="通应急罚〔2025〕7号",
            title="通化燃气有限公司无证经营案",
            closed_on=dt.date(2025, 6, 1),
            dossier={"state": "draft", "retention": "permanent"},
        ),
    }

    def archivist_of(agency, username):
        user = django_user_model.objects.create_user(username)
        user.groups.add(archivist_role, agency_archivists_group(agency))
        return user

    a1 = records["a1"].case
    # The superuser records the one-case grants; by itself it sees no case
    # (issue #12: superuser status alone opens nothing).
    superuser = django_user_model.objects.create_superuser("root", password="pw")
    granted = django_user_model.objects.create_user("reviewer")
    case_permission_grant(case=a1, grantee=granted, by=superuser, reason="行政复议应诉")
    revoked = django_user_model.objects.create_user("former_reviewer")
    case_permission_grant(case=a1, grantee=revoked, by=superuser, reason="行政复议应诉")
    case_permission_revoke(case=a1, grantee=revoked, by=superuser, reason="复议结束")
    users = {
        "anonymous": AnonymousUser(),
        "archivist_a": archivist_of(a, "archivist_a"),
        "archivist_b": archivist_of(b, "archivist_b"),
        "granted_a1": granted,
        "revoked_a1": revoked,
        "staff_without_role": staff_without_role,
        "superuser": superuser,
        "archivist_everywhere": archivist_everywhere(),
    }
    return Archive({"A": a, "B": b}, records, users)


def facet_counts(outcome) -> dict[str, dict]:
    return {
        name: {facet.value: facet.count for facet in outcome.facets.get(name, [])}
        for name, _ in FACETS
    }


def facet_counts_of(records: list[CaseSearchRecord]) -> dict[str, dict]:
    return {
        name: dict(Counter(getattr(record, name) for record in records))
        for name, _ in FACETS
    }


# --- who sees what: one actor per line ----------------------------------------

ACTORS = [
    ("anonymous", []),
    ("archivist_a", ["a1", "a2"]),
    ("archivist_b", ["b1"]),
    ("granted_a1", ["a1"]),
    ("revoked_a1", []),
    ("staff_without_role", []),
    ("superuser", []),
    ("archivist_everywhere", ["a1", "a2", "b1"]),
]


@pytest.mark.parametrize(("actor", "visible"), ACTORS)
def test_hits_total_and_facets_count_only_permitted_cases(
    archive, search_backend, actor, visible
):
    search_backend.push()
    outcome = case_search(
        user=archive.users[actor], query="燃气", backend=search_backend.name
    )
    assert sorted(archive.names(outcome.hits)) == visible
    assert outcome.total == len(visible)
    permitted = [archive.records[name] for name in visible]
    assert facet_counts(outcome) == facet_counts_of(permitted)


@pytest.mark.parametrize(
    ("actor", "visible"),
    [
        ("anonymous", []),
        ("archivist_a", []),
        ("archivist_b", ["b1"]),
        ("granted_a1", []),
        ("revoked_a1", []),
        ("staff_without_role", []),
        ("superuser", []),
        ("archivist_everywhere", ["b1"]),
    ],
)
def test_the_exact_match_box_only_shows_permitted_cases(
    archive, search_backend, actor, visible
):
    search_backend.push()
    outcome = case_search(
        user=archive.users[actor],
        query="通应急罚〔2025〕7号",
        backend=search_backend.name,
    )
    assert archive.names(outcome.exact) == visible
    assert archive.names(outcome.hits) == visible


# --- filters, facets, sorting, paging -----------------------------------------


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({"agency_id": "A"}, ["a1", "a2"]),
        ({"year": 2024}, ["a2"]),
        ({"category": "administrative_inspection"}, ["a2"]),
        ({"procedure": "summary"}, ["a2"]),
        ({"retention": "permanent"}, ["b1"]),
        ({"retention": "none"}, ["a2"]),
        ({"dossier_state": "sealed"}, ["a1"]),
        # Both ends of a date range are included.
        (
            {"closed_from": dt.date(2025, 3, 6), "closed_to": dt.date(2025, 6, 1)},
            ["a1", "b1"],
        ),
        ({"closed_from": dt.date(2025, 3, 7)}, ["b1"]),
        ({"closed_to": dt.date(2025, 3, 5)}, ["a2"]),
        (
            {
                "year": 2025,
                "category": "administrative_penalty",
                "dossier_state": "draft",
            },
            ["b1"],
        ),
    ],
)
def test_filters_narrow_hits_and_facets(archive, search_backend, filters, found):
    if filters.get("agency_id"):
        filters = filters | {"agency_id": archive.agencies[filters["agency_id"]].pk}
    search_backend.push()
    outcome = case_search(
        user=archive.users["archivist_everywhere"],
        query="燃气",
        filters=SearchFilters(**filters),
        backend=search_backend.name,
    )
    assert sorted(archive.names(outcome.hits)) == found
    assert outcome.total == len(found)
    assert facet_counts(outcome) == facet_counts_of(
        [archive.records[name] for name in found]
    )


def test_facets_name_what_they_count_and_mark_the_chosen_value(archive, search_backend):
    a, b = archive.agencies["A"], archive.agencies["B"]
    search_backend.push()
    outcome = case_search(
        user=archive.users["archivist_everywhere"],
        query="燃气",
        filters=SearchFilters(year=2025),
        backend=search_backend.name,
    )
    labels = {
        name: [(f.label, f.count, f.selected) for f in facets]
        for name, facets in outcome.facets.items()
    }
    assert sorted(labels["agency_id"]) == [(a.name, 1, False), (b.name, 1, False)]
    assert labels["year"] == [("2025", 2, True)]
    assert labels["category"] == [("行政处罚", 2, False)]
    assert labels["procedure"] == [("一般程序", 2, False)]
    assert sorted(labels["retention"]) == [("30年", 1, False), ("永久", 1, False)]
    assert sorted(labels["dossier_state"]) == [
        ("已封存", 1, False),
        ("整理中", 1, False),
    ]


def test_facet_values_are_listed_by_count(archive, search_backend):
    search_backend.push()
    outcome = case_search(
        user=archive.users["archivist_everywhere"],
        query="燃气",
        backend=search_backend.name,
    )
    agencies = [(f.label, f.count) for f in outcome.facets["agency_id"]]
    assert agencies == [("衡阳市珠晖区应急管理局", 2), ("通化市应急管理局", 1)]


@pytest.mark.parametrize(
    ("sort", "order"),
    [("newest", ["b1", "a1", "a2"]), ("oldest", ["a2", "a1", "b1"])],
)
def test_sorted_by_closing_date(archive, search_backend, sort, order):
    search_backend.push()
    outcome = case_search(
        user=archive.users["archivist_everywhere"],
        query="燃气",
        sort=sort,
        backend=search_backend.name,
    )
    assert archive.names(outcome.hits) == order


@pytest.mark.parametrize("sort", ["newest", "relevance"])
def test_pages_together_hold_every_hit_once(search_backend, archivist_everywhere, sort):
    agency = Agency.objects.create(
        name="衡阳市珠晖区应急管理局", code="11430405MB0320003C", fonds="J032"
    )
    cases = [
        search_case(
            agency, title=f"燃气公司第{n}起无证经营案", closed_on=dt.date(2025, 1, n)
        )
        for n in range(1, 6)
    ]
    search_backend.push()
    reader = archivist_everywhere()

    def page(number):
        return case_search(
            user=reader,
            query="燃气",
            sort=sort,
            page=number,
            per_page=2,
            backend=search_backend.name,
        )

    pages = [page(1), page(2), page(3)]
    assert [p.total for p in pages] == [5, 5, 5]
    assert [p.pages for p in pages] == [3, 3, 3]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert [h.rank for p in pages for h in p.hits] == [1, 2, 3, 4, 5]
    seen = [h.record.pk for p in pages for h in p.hits]
    assert sorted(seen) == sorted(record.pk for record in cases)
    if sort == "newest":
        assert seen == [record.pk for record in reversed(cases)]
    # A page past the end shows the last one, a page before the start the first.
    assert page(99).page == 3
    assert [h.record.pk for h in page(99).hits] == [h.record.pk for h in pages[2].hits]
    assert page(0).page == 1


# --- the exact match box (精确匹配) ----------------------------------------------


@pytest.fixture
def numbered(db):
    """Two cases whose 案号 differ by one digit, with a 文号 and 证件号."""
    agency = Agency.objects.create(
        name="衡阳市珠晖区市场监督管理局", code="11430405MB0320004D", fonds="J021"
    )
    twelve = search_case(
        agency,
        case_number="珠晖市监罚〔2025〕12号",
        title="珠晖食品商行销售过期食品案",
        parties=[
            {"name": "珠晖食品商行", "id_number": "92430405MA4L7Q0X2K"},
            {
                "name": "王秀英",
                "party_type": "natural_person",
                "id_number": "43040519850315123X",
            },
        ],
        materials=[
            {"doc_type": "行政处罚决定书", "doc_number": "珠晖市监罚决〔2025〕3号"}
        ],
    )
    hundred_twelve = search_case(
        agency,
        case_number="珠晖市监罚〔2025〕112号",
        title="雁峰食品商行销售过期食品案",
    )
    return {"12": twelve, "112": hundred_twelve}


@pytest.mark.parametrize(
    ("typed", "exact"),
    [
        ("珠晖市监罚〔2025〕12号", ["12"]),  # 案号 as written
        ("珠晖市监罚[2025]12号", ["12"]),  # with ASCII brackets
        ("珠晖市监罚〔２０２５〕１２号", ["12"]),  # with full-width digits
        ("珠晖市监罚〔2025〕112号", ["112"]),
        ("珠晖市监罚决〔2025〕3号", ["12"]),  # 文号
        ("92430405ma4l7q0x2k", ["12"]),  # 统一社会信用代码, in lower case
        ("43040519850315123x", ["12"]),  # 身份证号
        ("〔2025〕12号", []),  # part of a 案号 is not an exact match
        ("9243", []),
    ],
)
def test_the_exact_match_box_holds_the_case_with_that_identifier(
    numbered, search_backend, archivist_everywhere, typed, exact
):
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(), query=typed, backend=search_backend.name
    )
    by_pk = {record.pk: name for name, record in numbered.items()}
    assert [by_pk[hit.record.pk] for hit in outcome.exact] == exact


def test_a_full_case_number_finds_that_case_and_not_its_near_miss(
    numbered, search_backend, archivist_everywhere
):
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(),
        query="珠晖市监罚〔2025〕12号",
        backend=search_backend.name,
    )
    assert [hit.record.pk for hit in outcome.hits] == [numbered["12"].pk]


# --- the outcome as plain data (search_cases --json) -------------------------------


def test_the_outcome_as_json_names_hits_snippets_and_facets(
    numbered, search_backend, archivist_everywhere
):
    search_backend.push()
    outcome = case_search(
        user=archivist_everywhere(),
        query="珠晖市监罚〔2025〕12号",
        backend=search_backend.name,
    )
    data = json.loads(json.dumps(outcome.as_json(), ensure_ascii=False))
    assert (data["query"], data["total"], data["page"], data["pages"]) == (
        "珠晖市监罚〔2025〕12号",
        1,
        1,
        1,
    )
    assert data["filters"] == {}
    hit = data["hits"][0]
    assert (
        data["exact"][0]["case_number"]
        == hit["case_number"]
        == "珠晖市监罚〔2025〕12号"
    )
    assert (hit["rank"], hit["title"]) == (1, "珠晖食品商行销售过期食品案")
    assert hit["agency"] == "衡阳市珠晖区市场监督管理局"
    assert hit["closed_on"] == numbered["12"].closed_on.isoformat()
    snippet = next(s for s in hit["snippets"] if s["field"] == "identifiers")
    assert (snippet["label"], snippet["material_id"]) == ("编号", None)
    assert "【珠晖市监罚〔2025〕12号】" in snippet["text"]
    assert data["facets"]["agency_id"] == [
        {
            "value": numbered["12"].agency_id,
            "label": "衡阳市珠晖区市场监督管理局",
            "count": 1,
        }
    ]
