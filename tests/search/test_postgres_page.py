"""PostgreSQL's search page above `SEARCH_ESTIMATE_ABOVE` candidates.

The bound is 5,000 in a deployment; here it is lowered so that the seeded
corpus of a few hundred cases takes the same path. What a user must see
either way: exactly the records that match, each once, page after page; an
exact total where the index decides (terms of one or two characters); an
estimate marked 约 where the text decides; and nothing outside their scope.
"""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse

from access_control.models import AccessAction, AccessLogEntry, Role
from access_control.roles import membership_set
from archive_site.admin.access_log_details import access_log_details
from dossiers.models import Agency
from search.backends import postgres_page
from search.backends.postgres import PARTIAL, vector_literal
from search.models import CaseSearchRecord
from search.selectors import FACETS, case_search
from tests.search.corpus import search_case
from tests.search.test_backends import NEAR_MISSES, QUERIES, _values, expected

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's own search page"
    ),
]


def bound(n: int):
    """The database backend with `SEARCH_ESTIMATE_ABOVE` = `n`."""
    return override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "search.backends.database", "ESTIMATE_ABOVE": n}
        }
    )


def every_page(user, query: str, sort: str = "relevance", per_page: int = 7):
    """Every page of a search, in order, until one comes back short."""
    pages, number = [], 1
    while True:
        outcome = case_search(
            user=user, query=query, sort=sort, page=number, per_page=per_page
        )
        pages.append(outcome)
        if len(outcome.hits) < per_page or number >= outcome.pages:
            return pages
        number += 1


def scores(outcome) -> set:
    return {hit.score for hit in outcome.hits}


class TestCorpus:
    @pytest.fixture
    def values(self, corpus):
        return {record.pk: _values(record) for record in corpus.records}

    @pytest.fixture
    def reader(self, corpus, archivist_everywhere):
        return archivist_everywhere()

    @pytest.mark.parametrize("margin", [postgres_page.FIRST_MARGIN, 0])
    def test_every_page_holds_exactly_the_matching_records(
        self, corpus, values, reader, monkeypatch, margin
    ):
        # With no margin, a page whose first candidates hold too few true
        # hits reads on to the end, as a rare term's would at 100,000 cases.
        monkeypatch.setattr(postgres_page, "FIRST_MARGIN", margin)
        reads, statement = [], postgres_page._statement

        def counted_statement(*args):  # the real one, noting how far it reads
            reads.append(args[-1])
            return statement(*args)

        monkeypatch.setattr(postgres_page, "_statement", counted_statement)
        wrong, estimated, counted = {}, [], []
        with bound(3):
            for query in [*QUERIES, *NEAR_MISSES, *corpus.boundary_queries]:
                pages = every_page(reader, query)
                seen = [hit.record.pk for page in pages for hit in page.hits]
                want = expected(values, query)
                if sorted(seen) != sorted(want) or pages[0].total != len(want):
                    wrong[query] = (pages[0].total, len(want), len(seen))
                if pages[0].estimated:
                    estimated.append(query)
                elif pages[0].hits and scores(pages[0]) <= {0.0, 1.0}:
                    counted.append(query)  # counted exactly from the index
        assert wrong == {}
        # Both new paths were taken, not only the usual page.
        assert {"安全培训", "有限责任公司"} <= set(estimated)
        assert {"送达", "罚款", "建材 罚款"} <= set(counted)
        if margin == 0:
            assert postgres_page.ALL in reads  # some page had to read on

    @pytest.mark.parametrize("query", ["送达", "罚款 食品", "罚"])
    def test_short_terms_are_counted_exactly_facets_included(
        self, corpus, values, reader, query
    ):
        with bound(3):
            outcome = case_search(user=reader, query=query, per_page=5)
        assert not outcome.estimated
        matching = CaseSearchRecord.objects.filter(pk__in=expected(values, query))
        assert outcome.total == matching.count() > 3
        for name, _ in FACETS:
            rows = matching.values(name).annotate(n=Count("pk")).values_list(name, "n")
            assert {f.value: f.count for f in outcome.facets[name]} == dict(rows), name

    def test_a_long_term_is_estimated_and_marked(self, corpus, values, reader):
        with bound(3):
            outcome = case_search(user=reader, query="有限责任公司", per_page=5)
        assert outcome.estimated
        assert outcome.as_json()["estimated"] is True
        # The corpus is smaller than the sample: every candidate is checked.
        assert outcome.total == len(expected(values, "有限责任公司"))
        assert all(f.count >= 1 for values in outcome.facets.values() for f in values)

    def test_a_page_that_reaches_the_last_hit_makes_the_total_exact(
        self, corpus, values, reader
    ):
        want = expected(values, "有限责任公司")
        with bound(3):
            outcome = case_search(
                user=reader, query="有限责任公司", per_page=len(want) + 5
            )
        assert not outcome.estimated
        assert outcome.total == len(want) == len(outcome.hits)

    def test_by_relevance_title_matches_come_first_then_the_newest(
        self, corpus, reader
    ):
        with bound(3):
            pages = every_page(reader, "安全培训", per_page=10)
        hits = [hit for page in pages for hit in page.hits]
        keys = [("安全培训" in hit.case.title, hit.record.closed_on) for hit in hits]
        assert keys == sorted(keys, reverse=True)
        assert keys[0][0] and not keys[-1][0]

    @pytest.mark.parametrize("sort", ["newest", "oldest"])
    def test_a_chosen_order_is_kept(self, corpus, reader, sort):
        with bound(3):
            pages = every_page(reader, "有限公司", sort=sort, per_page=10)
        dates = [hit.record.closed_on for page in pages for hit in page.hits]
        assert dates == sorted(dates, reverse=sort == "newest")


def test_a_reader_of_one_agency_never_counts_another(django_user_model):
    mine = Agency.objects.create(name="甲局", code="11430405MB0320003C", fonds="J041")
    other = Agency.objects.create(name="乙局", code="11430405MB0320004A", fonds="J042")
    for n in range(1, 13):
        search_case(mine, title=f"燃气经营第{n}案", closed_on=dt.date(2025, 3, n))
        search_case(other, title=f"燃气储存第{n}案", closed_on=dt.date(2025, 3, n))
    reader = django_user_model.objects.create_user("one_agency")
    membership_set(user=reader, agency=mine, role=Role.ARCHIVIST)
    with bound(2):
        short = case_search(user=reader, query="燃气")
        long = case_search(user=reader, query="燃气经营", per_page=2)
    assert short.total == 12 and not short.estimated
    assert {hit.record.agency_id for hit in short.hits} == {mine.pk}
    assert short.facets["agency_id"][0].value == mine.pk
    assert len(short.facets["agency_id"]) == 1
    assert long.estimated and long.total == 12
    assert {hit.record.agency_id for hit in long.hits} == {mine.pk}


def test_a_record_marked_partial_is_checked_by_its_text(django_user_model):
    # Random ideographs: more pairs than a tsvector holds, so the record keeps
    # its characters and the marker, and only its text can decide.
    rng = random.Random(11)
    text = "".join(chr(rng.randint(0x4E00, 0x5DA0)) for _ in range(100_000))
    assert PARTIAL in vector_literal([([text], "D")])
    pair = text[60_000:60_002]
    apart = next(
        text[i] + text[i + 2] for i in range(99) if text[i] + text[i + 2] not in text
    )
    agency = Agency.objects.create(name="丙局", code="11430405MB0320005Y", fonds="J043")
    big = search_case(agency, materials=[{"text": [text]}])
    small = search_case(agency, materials=[{"text": [f"附件{pair}一份"]}])
    reader = django_user_model.objects.create_user("partial_reader")
    membership_set(user=reader, agency=agency, role=Role.ARCHIVIST)
    with bound(0):
        found = case_search(user=reader, query=pair)
        missed = case_search(user=reader, query=apart)
    assert {hit.record.pk for hit in found.hits} == {big.pk, small.pk}
    assert found.total == 2 and not found.estimated
    assert missed.total == 0 and missed.hits == []


def test_the_sessions_planner_settings_are_put_back(corpus, archivist_everywhere):
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        seqscan = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    with bound(3):
        outcome = case_search(user=archivist_everywhere(), query="有限责任公司")
    assert outcome.estimated
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == seqscan
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == work_mem


def test_the_search_page_marks_an_estimate(client, corpus, archivist_everywhere):
    client.force_login(archivist_everywhere())
    with bound(3):
        page = client.get(reverse("archive_search"), {"q": "有限责任公司"})
        exact = client.get(reverse("archive_search"), {"q": "送达"})
    text = page.content.decode()
    assert "共检索到约" in text and 'data-testid="search-estimated"' in text
    assert "共检索到约" not in exact.content.decode()


def test_the_console_and_the_access_log_say_it_is_an_estimate(corpus):
    out = io.StringIO()
    with bound(3):
        call_command("search_cases", "有限责任公司", stdout=out)
    assert "”共 约 " in out.getvalue()
    entry = AccessLogEntry.objects.filter(action=AccessAction.SEARCH).latest("pk")
    assert entry.data["estimated"] is True
    assert "（估计数）" in access_log_details(entry.data)
