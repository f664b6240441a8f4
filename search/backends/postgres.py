"""PostgreSQL: a character n-gram prefilter, then an exact check.

PostgreSQL's parser keeps a run of Han characters as one word, and its
tsvector cannot hold a phrase index of single characters: positions stop at
16,383 and a lexeme keeps at most 256 of them, so a long PDF would silently
stop matching. This backend therefore indexes, per record, the set of its
characters and adjacent character pairs (`search.tokens.grams`) as lexemes
without relying on positions, and keeps the folded text beside them:

- a term of one character matches records whose vector holds it;
- a longer term needs every one of its pairs in the vector (a GIN-indexed
  prefilter), and then the folded text must contain it (`LIKE`), which is
  exact.

The vector is cast from a literal, never passed through PostgreSQL's parser,
so no language configuration can split, stem or drop a character. A record
whose pairs would not fit a tsvector (about 1 MB) keeps only its characters
and a marker lexeme; the prefilter lets it through and the exact check decides.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import Expression, F, Q, Value
from django.db.models.functions import Cast
from django.db.models.sql.subqueries import InsertQuery
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as base
from modelsearch.index import AutocompleteField
from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search import tokens
from search.backends.values import (
    FlatValuesMixin,
    SQLFacetsMixin,
    is_autocomplete,
    is_body,
    is_title,
)
from search.config import ESTIMATE_ABOVE

PARTIAL = "qqpartial"
MAX_VECTOR_BYTES = 900_000
NO_MATCH = Q(pk__in=[])
IndexEntry = base.IndexEntry


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(weighted: list[tuple[list[str], str]]) -> str:
    """A tsvector literal: each gram of the values once, with its best weight."""
    best: dict[str, str] = {}
    for values, weight in weighted:
        for value in values:
            for gram in tokens.grams(value):
                best[gram] = min(best.get(gram, "D"), weight)
    literal = " ".join(f"{_quote(g)}:1{w}" for g, w in sorted(best.items()))
    if len(literal.encode()) > MAX_VECTOR_BYTES:
        kept = {g: w for g, w in best.items() if len(g) == 1}
        kept[PARTIAL] = "D"
        literal = " ".join(f"{_quote(g)}:1{w}" for g, w in sorted(kept.items()))
    return literal


def folded_text(values: list[str]) -> str:
    """The folded characters of each value, one value per line."""
    return "\n".join(text for text in map(tokens.chars, values) if text)


class GramIndexer(FlatValuesMixin, base.ObjectIndexer):
    """Writes a record's grams as a tsvector and its folded text beside it."""

    def _weighted(self, wanted) -> list[tuple[list[str], str]]:
        found = []
        for field in self.search_fields:
            for current, weight, values in self.prepare_field(self.obj, field):
                if wanted(current):
                    found.append((values, weight))
        return found

    def _vector(self, wanted) -> Expression:
        literal = vector_literal(self._weighted(wanted))
        return Cast(Value(literal), output_field=SearchVectorField())

    def _text(self, wanted) -> str:
        return folded_text([v for values, _ in self._weighted(wanted) for v in values])

    @cached_property
    def title(self):
        return self._vector(is_title)

    @cached_property
    def body(self):
        return self._vector(is_body)

    @cached_property
    def autocomplete(self):
        return self._vector(is_autocomplete)

    @cached_property
    def title_text(self) -> str:
        return self._text(is_title)

    @cached_property
    def body_text(self) -> str:
        return self._text(is_body)


class GramIndex(base.PostgresIndex):
    def add_items(self, model, objs):
        """modelsearch's upsert of index entries, with this module's indexer."""
        if not model.get_search_fields():
            return
        indexers = [GramIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(
            connection=self.write_connection
        )
        rows, params = [], []
        for indexer in indexers:
            params += [content_type_pk, indexer.id]
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(
                    IndexEntry._meta.get_field(name), getattr(indexer, name)
                )
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params += value_params
            params += [indexer.title_text, indexer.body_text]
            rows.append(f"(%s, %s, {', '.join(vectors)}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                UPSERT.format(table=IndexEntry._meta.db_table, rows=", ".join(rows)),
                params,
            )

    def _refresh_title_norms(self, full=False):
        # Ranking weighs the title through the lexemes' weights instead.
        pass


UPSERT = """
INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                     title_norm, title_text, body_text)
VALUES {rows}
ON CONFLICT (content_type_id, object_id) DO UPDATE SET
    title = EXCLUDED.title, autocomplete = EXCLUDED.autocomplete,
    body = EXCLUDED.body, title_norm = 1.0,
    title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
"""


class RawTsQuery(SearchQuery):
    """A tsquery cast from its literal text (no parser, no configuration)."""

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.text]


def _term_prefilter(term: str) -> str:
    if len(term) == 1:
        return _quote(term)
    pairs = " & ".join(_quote(g) for g in tokens.term_grams(term))
    return f"(({pairs}) | {_quote(PARTIAL)})"


class GramQueryCompiler(base.PostgresSearchQueryCompiler):
    def _terms(self, query) -> tuple[list[str], bool]:
        """The terms of a leaf query, and whether all of them must match."""
        if isinstance(query, PlainText):
            terms = tokens.query_terms(query.query_string)
            return terms, query.operator.lower() == "and"
        term = tokens.chars(query.query_string)[: tokens.MAX_TERM_CHARS]
        return ([term] if term else []), True

    def prefilter(self, query) -> str | None:
        """A tsquery every matching record satisfies; None: no constraint."""
        if isinstance(query, (PlainText, Phrase)):
            terms, conjunction = self._terms(query)
            if not terms:
                return _quote(PARTIAL + "0")  # no record has it
            return _join(list(map(_term_prefilter, terms)), conjunction)
        if isinstance(query, (And, Or)):
            parts = [self.prefilter(q) for q in query.subqueries]
            if isinstance(query, Or) and None in parts:
                return None
            parts = [p for p in parts if p is not None]
            return _join(parts, isinstance(query, And)) if parts else None
        return None  # Not: anything may match; the exact check decides.

    def exact(self, query, conjunctive: bool = True) -> Q:
        """The exact condition on the folded text.

        Where every term must match (`conjunctive`), a single character is
        decided by the prefilter already and needs no check; under OR or NOT
        only the text can tell.
        """
        if isinstance(query, (PlainText, Phrase)):
            terms, conjunction = self._terms(query)
            if not terms:
                return NO_MATCH
            skip = conjunctive and conjunction
            checks = [Q() if skip and len(t) == 1 else _contains(t) for t in terms]
            return _combine(checks, conjunction)
        if isinstance(query, And):
            return _combine(
                [self.exact(q, conjunctive) for q in query.subqueries], True
            )
        if isinstance(query, Or):
            return _combine([self.exact(q, False) for q in query.subqueries], False)
        if isinstance(query, Not):
            return ~self.exact(query.subquery, False)
        if isinstance(query, MatchAll):  # e.g. Wagtail's page search facets
            return Q()
        raise NotImplementedError(f"不支持的检索式：{type(query).__name__}")

    def _grams(self, query) -> list[str]:
        """Every gram of the query's positive terms."""
        if isinstance(query, (PlainText, Phrase)):
            terms, _ = self._terms(query)
            return [g for term in terms for g in tokens.term_grams(term)]
        if isinstance(query, (And, Or)):
            return [g for q in query.subqueries for g in self._grams(q)]
        return []

    def matched_queryset(self, config=None):
        """The compiler's queryset narrowed to the matching records."""
        queryset = self.queryset
        prefilter = self.prefilter(self.query)
        if prefilter is not None:
            queryset = queryset.annotate(_vector_=_record_vector()).filter(
                _vector_=RawTsQuery(prefilter)
            )
        return queryset.filter(self.exact(self.query))

    def page_plan(self):
        """How `postgres_page` finds a query whose terms must all match (a
        `postgres_page.Plan`); None for any other query."""
        from search.backends.postgres_page import Plan

        if not isinstance(self.query, (PlainText, Phrase)):
            return None
        terms, conjunction = self._terms(self.query)
        if not terms or not conjunction:
            return None
        grams = sorted({g for term in terms for g in tokens.term_grams(term)})
        chars = sorted({char for term in terms for char in term})
        return Plan(
            index=" & ".join([*map(_quote, grams), f"!{_quote(PARTIAL)}"]),
            partial=" & ".join([_quote(PARTIAL), *map(_quote, chars)]),
            checks=[term for term in terms if len(term) > 2],
            partial_checks=[term for term in terms if len(term) > 1],
        )

    def _matches_all(self) -> bool:
        return isinstance(self.query, (MatchAll, Fuzzy)) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        )

    def rank(self) -> Expression:
        grams = sorted(set(self._grams(self.query)))
        if not grams:
            return Value(0.0)
        # ts_rank() of an AND query needs positions, which these vectors do
        # not keep; the OR of all grams weighs how many match, and where.
        return SearchRank(
            _record_vector(),
            RawTsQuery(" | ".join(map(_quote, grams))),
            weights=self.sql_weights,
        )

    def search(self, config, start, stop, score_field=None, backend=None):
        if self._matches_all():
            return super().search(config, start, stop, score_field, backend)
        return self._apply_ordering_and_scoring(
            self.matched_queryset(), self.rank(), start, stop, score_field
        )

    # For `search.backends.pages`: ts_rank() is higher for better matches.
    MATERIALIZED = "MATERIALIZED"
    PAGE_ORDER = "rank DESC, tiebreak DESC"

    def page_hits_sql(self, config) -> tuple[str, list] | None:
        """Every hit's pk, rank (0 unless ranked by relevance) and pk again."""
        if self._matches_all() or self.queryset.query.is_empty():
            return None
        rank = self.rank() if self.order_by_relevance else Value(0.0)
        hits = (
            self.matched_queryset()
            .annotate(_page_rank=rank, _page_tiebreak=F("pk"))
            .order_by()
            .values_list("pk", "_page_rank", "_page_tiebreak")
        )
        sql, params = hits.query.sql_with_params()
        return sql, list(params)

    def page_score(self, rank: float) -> float:
        return rank


def _record_vector():
    return F("index_entries__title")._combine(F("index_entries__body"), "||", False)


def _join(parts: list[str], conjunction: bool) -> str:
    return "(" + (" & " if conjunction else " | ").join(parts) + ")"


def _contains(term: str) -> Q:
    return Q(index_entries__title_text__contains=term) | Q(
        index_entries__body_text__contains=term
    )


def _combine(parts: list[Q], conjunction: bool) -> Q:
    combined = parts[0]
    for part in parts[1:]:
        combined = (combined & part) if conjunction else (combined | part)
    return combined


class GramAutocompleteQueryCompiler(GramQueryCompiler):
    TARGET_SEARCH_FIELD_TYPE = AutocompleteField

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()


class GramSearchResults(SQLFacetsMixin, base.PostgresSearchResults):
    def search_page(self, facet_names: list[str]):
        """Above the backend's `estimate_above` candidates, the page counted
        from the index (`postgres_page`); else the usual one."""
        from search.backends.postgres_page import large_page

        page = large_page(self, facet_names)
        return page if page is not None else super().search_page(facet_names)


class ChinesePostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = GramQueryCompiler
    autocomplete_query_compiler_class = GramAutocompleteQueryCompiler
    index_class = GramIndex
    results_class = GramSearchResults

    def __init__(self, params):
        params = dict(params)
        self.estimate_above = int(params.pop("ESTIMATE_ABOVE", ESTIMATE_ABOVE))
        super().__init__(params)
