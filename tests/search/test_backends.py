"""Every backend finds exactly what `search.tokens` says a query matches.

Run once per backend (`search_backend`: the database, SQLite FTS5 or
PostgreSQL as `DATABASE_URL` says, and the engine when `SEARCH_URL` is set).
The oracle is the contract itself: a record matches when every term is inside
one of its values once punctuation, white space, width and case are ignored;
a plain `LIKE '%term%'` on the stored fields can only find fewer.
"""

import random
from functools import reduce
from operator import or_

import pytest
from django.db import connection
from django.db.models import Count, Q
from modelsearch.query import PlainText

from search import tokens
from search.backends.postgres import PARTIAL, vector_literal
from search.models import CaseSearchRecord
from search.selectors import FACETS, case_search
from tests.search.corpus import search_case

pytestmark = pytest.mark.django_db

FIELDS = ["title", "identifiers", "people", "body", "texts"]
QUERIES = [
    # two, four and six characters
    *["送达", "建材", "罚款", "张伟", "食品", "培训", "物流"],
    *["安全培训", "过期食品", "排查治理", "有限公司", "留置送达"],
    *["有限责任公司", "未取得排污许", "事故隐患排查", "衡阳市珠晖区"],
    # 案号, 文号 and 档号, whole and in pieces
    *["〔2025〕12号", "〔2025〕112号", "2025〕1", "12号", "市监罚〔2024〕"],
    *["珠晖市监罚〔2025〕12号", "珠晖市监罚[2025]12号", "珠晖市监罚决"],
    *["J021-2025", "00112"],
    # names
    *["王伟", "李娜", "吴婷", "黄勇", "周卫东", "XYZ Trading", "müller", "MULLER"],
    # one character
    *["罚", "婷", "9", "x", "Ａ"],
    # width and case
    *["２０２５", "2025年3月", "ＡＢＣ", "abc", "abc2025", "Xyz", "XYZTRADING"],
    *["ｘｙｚ ｔｒａｄｉｎｇ", "iphone", "IPHONE快修", "acme物流"],
    # repeated characters
    *["呜呜呜", "呜呜呜呜", "1111111"],
    # the end of a page longer than 20,000 characters
    *["长卷尾记", "长卷尾记005号"],
    # two terms, both required
    *["建材 罚款", "王伟 送达", "吴婷 张伟", "食品 2024", "罚款 长卷尾记"],
]
# Close to what the corpus holds, and found nowhere in it.
NEAR_MISSES = [
    "呜呜呜呜呜",
    "罚〔2025〕1120号",
    "珠晖市监罚〔2026〕",
    "长卷尾记005号 呜呜呜呜呜",
]


def _values(record: CaseSearchRecord) -> list[str]:
    return [
        tokens.chars(v) for name in FIELDS for v in getattr(record, name).split("\n")
    ]


def expected(values: dict[int, list[str]], query: str) -> set[int]:
    """The records the contract says match: each term inside one value."""
    terms = tokens.query_terms(query)
    if not terms:
        return set()
    return {
        pk
        for pk, texts in values.items()
        if all(any(term in text for text in texts) for term in terms)
    }


def like(query: str) -> set[int]:
    """The records a plain `LIKE '%term%'` finds, every term on some field."""
    records = CaseSearchRecord.objects.all()
    for term in query.split():
        records = records.filter(
            reduce(or_, (Q(**{f"{name}__contains": term}) for name in FIELDS))
        )
    return set(records.values_list("pk", flat=True))


def found(search_backend, query: str, records=None) -> list[int]:
    """What the backend returns for `query`, best first."""
    records = CaseSearchRecord.objects.all() if records is None else records
    results = search_backend.backend.search(PlainText(query, operator="and"), records)
    return [record.pk for record in results]


class TestCorpus:
    """Recall and precision on a seeded corpus of a few hundred cases."""

    @pytest.fixture
    def values(self, corpus):
        return {record.pk: _values(record) for record in corpus.records}

    def test_the_queries_look_for_what_the_corpus_holds(self, corpus, values):
        assert [q for q in QUERIES if not expected(values, q)] == []
        assert [q for q in NEAR_MISSES if expected(values, q)] == []
        assert len(corpus.long_page_records) >= 3
        # Boundary queries would match if values ran together, and do not.
        joined = [
            tokens.chars("".join(getattr(r, n) for n in FIELDS)) for r in corpus.records
        ]
        crossing = [q for q in corpus.boundary_queries if not expected(values, q)]
        assert len(crossing) >= 10
        assert all(any(q in text for text in joined) for q in crossing)

    def test_finds_exactly_what_the_contract_says(self, corpus, values, search_backend):
        search_backend.push()
        wrong = {}
        for query in [*QUERIES, *NEAR_MISSES, *corpus.boundary_queries]:
            hits = found(search_backend, query)
            want = expected(values, query)
            problems = {
                # Recall: whatever LIKE '%term%' finds, and what the contract adds.
                "missed_like": sorted(like(query) - set(hits)),
                "missed": sorted(want - set(hits)),
                # Precision: nothing the contract does not name, and each once.
                "extra": sorted(set(hits) - want),
                "twice": sorted(pk for pk in set(hits) if hits.count(pk) > 1),
            }
            if any(problems.values()):
                wrong[query] = problems
        assert wrong == {}

    def test_the_engine_finds_what_the_database_finds(self, corpus, database, engine):
        engine.push()
        differ = {
            query: (sorted(a), sorted(b))
            for query in [*QUERIES, *NEAR_MISSES, *corpus.boundary_queries]
            if (a := set(found(database, query))) != (b := set(found(engine, query)))
        }
        assert differ == {}

    @pytest.mark.parametrize("query", ["建材", "〔2025〕1", "罚款 食品", "婷"])
    def test_facet_counts_equal_sql_counts(
        self, corpus, values, search_backend, archivist_everywhere, query
    ):
        search_backend.push()
        outcome = case_search(
            user=archivist_everywhere(),
            query=query,
            backend=search_backend.name,
            per_page=5,
        )
        matching = CaseSearchRecord.objects.filter(pk__in=expected(values, query))
        assert outcome.total == matching.count() > 0
        for name, _ in FACETS:
            rows = matching.values(name).annotate(n=Count("pk")).values_list(name, "n")
            assert {f.value: f.count for f in outcome.facets[name]} == dict(rows), name


def test_the_database_backend_is_the_databases_own(database):
    expected_class = {
        "sqlite": "ChineseSQLiteSearchBackend",
        "postgresql": "ChinesePostgresSearchBackend",
    }[connection.vendor]
    assert type(database.backend).__name__ == expected_class


def test_a_title_match_ranks_above_a_match_only_in_a_page(search_backend):
    in_title = search_case(title="某燃气公司未按规定开展安全培训案")
    in_page = search_case(
        materials=[{"text": ["检查发现燃气管道老化，燃气报警器缺失。"]}]
    )
    search_backend.push()
    assert found(search_backend, "燃气") == [in_title.pk, in_page.pk]


def test_every_term_must_match(search_backend):
    both = search_case(
        title="某燃气公司无证经营案", materials=[{"text": ["罚款二万元"]}]
    )
    search_case(title="某燃气公司无证经营案")
    search_case(materials=[{"text": ["罚款二万元"]}])
    search_backend.push()
    assert found(search_backend, "燃气 罚款") == [both.pk]
    assert found(search_backend, "罚款 燃气") == [both.pk]


@pytest.mark.parametrize("query", ["〔〕", "……", "！ ？", "—— 、"])
def test_a_query_without_letters_or_digits_finds_nothing(search_backend, query):
    search_case(title="某公司〔2025〕……！？——、案")
    search_backend.push()
    assert found(search_backend, query) == []


def test_a_phrase_never_runs_from_one_value_into_the_next(search_backend):
    record = search_case(
        case_number="珠晖市监罚〔2025〕12号",
        title="吉林省长白山建材有限公司无证经营案",
        parties=[
            {"name": "吉林省长白山建材有限公司", "id_number": "91430400MA88061052X"}
        ],
        officers=[("吴婷", "89788049615")],
        materials=[{"text": ["第1页共2页", "行政处罚决定书"]}],
    )
    search_backend.push()
    # Each value alone is found ...
    for query in ["公司", "吴婷", "共2页", "行政处罚", "049615", "营案", "珠晖"]:
        assert found(search_backend, query) == [record.pk], query
    # ... but not a phrase made of the end of one and the start of the next:
    # party then officer, page 1 then page 2, 执法证号 then party, title then 案号.
    for query in ["公司吴婷", "共2页行政", "049615吉林", "营案珠晖"]:
        assert found(search_backend, query) == [], query


def test_a_term_at_the_end_of_a_long_page_is_found(search_backend):
    # Far beyond PostgreSQL's 16,383 tsvector positions, in one value.
    record = search_case(
        materials=[{"text": ["哈" * 25_000 + "末页印章", "第二页"]}],
    )
    search_backend.push()
    assert found(search_backend, "末页印章") == [record.pk]
    assert found(search_backend, "哈哈哈末页") == [record.pk]
    assert found(search_backend, "印章第二") == []


def test_a_record_too_large_for_a_vector_of_pairs_is_still_searched_exactly(
    search_backend,
):
    # Random ideographs: more distinct pairs than a PostgreSQL tsvector holds,
    # so that backend keeps single characters and checks the text itself.
    rng = random.Random(7)
    text = "".join(chr(rng.randint(0x4E00, 0x5DA0)) for _ in range(100_000))
    assert PARTIAL in vector_literal([([text], "D")])
    # Two characters of the text that never stand side by side in it.
    absent = next(
        text[i] + text[i + 2] for i in range(99) if text[i] + text[i + 2] not in text
    )
    record = search_case(materials=[{"text": [text]}])
    search_backend.push()
    assert found(search_backend, text[50_000:50_004]) == [record.pk]
    assert found(search_backend, text[-1]) == [record.pk]
    assert found(search_backend, absent) == []
    assert found(search_backend, "燃气") == []


SCRIPTS = [
    "Müller贸易有限公司",
    "Muller五金商行",
    "Café咖啡馆",
    "ｶﾞｽ会社",
    "𠮷野家餐饮店",
    "ᦟᦲᦑ商店",
]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("müller", ["Müller贸易有限公司"]),
        ("MÜLLER", ["Müller贸易有限公司"]),
        ("muller", ["Muller五金商行"]),
        ("café", ["Café咖啡馆"]),
        ("cafe", []),
        ("ｶﾞｽ", ["ｶﾞｽ会社"]),  # half-width kana, as typed ...
        ("カス会社", ["ｶﾞｽ会社"]),  # ... and in full width
        ("𠮷野家", ["𠮷野家餐饮店"]),  # beyond the Basic Multilingual Plane
        ("吉野家", []),
        ("ᦟᦲᦑ", ["ᦟᦲᦑ商店"]),  # New Tai Lue, with its vowel sign
        ("ᦟᦑ", []),
    ],
)
def test_letters_of_other_scripts_match_as_the_contract_says(
    search_backend, query, titles
):
    records = {search_case(title=title, parties=[]).pk: title for title in SCRIPTS}
    search_backend.push()
    assert [records[pk] for pk in found(search_backend, query)] == titles


def test_letter_and_digit_runs_match_inside_one_run_only(search_backend):
    """On SQLite a term of letters and digits is looked up by its triples; it
    finds what the phrase of its characters finds, and no more: not across two
    values, not across a Han character, and a short term still by characters."""
    record = search_case(
        case_number="珠晖市监罚〔2025〕12号",
        parties=[
            {"name": "长沙ab34公司", "id_number": "430419001230017X"},
            {"name": "34cd商行", "id_number": ""},
        ],
        materials=[{"text": ["金额5000元整", "票号7788"]}],
    )
    search_case(title="某公司案", materials=[{"text": ["第2025号"]}])
    search_backend.push()
    for query in [
        "43041900123",
        "0017x",
        "〔2025〕12",
        "202512",
        "ab34",
        "b34",
        "34cd",
        "5000",
        "12",
        "7788",
        "ab3",
    ]:
        assert found(search_backend, query) == [record.pk], query
    # The end of one run and the start of the next: two parties, 元 then 票号,
    # a 号 between 12 and the next value.
    for query in ["ab34cd", "b34c", "50007788", "12ab", "5000元7788"]:
        assert found(search_backend, query) == [], query
    assert sorted(found(search_backend, "2025")) == sorted(
        CaseSearchRecord.objects.values_list("pk", flat=True)
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the triples are SQLite's")
def test_the_migration_gives_records_indexed_before_it_their_triples(database):
    """Records indexed before `archive_search.0005` have no triples; the
    migration fills them in from the text already indexed."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0005_record_run_triples")
    record = search_case(parties=[{"name": "某公司", "id_number": "430419001230017X"}])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {migration.TABLE} SET autocomplete = ''")  # noqa: S608
    assert found(database, "43041900123") == []  # the old index

    migration.fill(apps, type("Editor", (), {"connection": connection})())

    assert found(database, "43041900123") == [record.pk]
    assert found(database, "某公司") == [record.pk]
