"""SQLite FTS5 with one token per character (the embedded default).

FTS5's `unicode61` tokenizer keeps a run of Han characters as one token, so
送达 would never match 留置送达. The indexer therefore writes every letter and
digit as a token of its own (`search.tokens.index_text`), and the compiler
turns each query term into an FTS5 phrase of single characters: a record
matches exactly when it contains the term.

Ranking is FTS5's `bm25()` with the title column weighted above the body, in
one query: modelsearch's own SQLite backend ranks with a correlated subquery
per matching row, which does not scale past a few thousand hits.

Latin letters and digits are indexed a second time, as the overlapping
triples of each run (`tokens.run_triples`), in the FTS5 table's
`autocomplete` column of models that have no autocomplete fields (the case
search records): a term made only of them (`43041900123`, `91430405ma`,
`〔2025〕12`) is looked up as a phrase of triples there, which matches the
same records as the phrase of its characters but reads position lists a
hundred times shorter (every record has every digit many times over).

FTS5's tokenizer also folds and drops characters of its own accord (ü → u,
ϵ → ε, New Tai Lue vowel signs dropped as separators), which `search.tokens`
does not: Müller would find Muller. Every character outside ASCII and the
CJK ideographs of Unicode 6.1 is therefore written as its code point
(`fts_token`), which FTS5 leaves alone on both sides of the match.
"""

import sqlite3
from functools import cache, reduce

from django.db import connections
from django.db.models import CharField, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.index import AutocompleteField
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search import tokens
from search.backends.values import (
    FlatValuesMixin,
    SQLFacetsMixin,
    is_autocomplete,
    is_body,
    is_title,
)

IndexEntry = base.IndexEntry
SQLiteFTSIndexEntry = base.SQLiteFTSIndexEntry
# CJK Unified Ideographs and Extension A as of Unicode 6.1, which FTS5's
# tokenizer keeps unchanged in every SQLite version.
IDEOGRAPHS = (("\u3400", "\u4db5"), ("\u4e00", "\u9fcc"))
# Where the records' run triples are indexed (see the module docstring).
TRIPLES_COLUMN = "autocomplete"
# No document holds this token: it stands for a term without any character.
NOTHING = tokens.VALUE_BREAK + "0"
HITS_SQL = (
    "WITH hits AS {materialized} (SELECT rowid AS id{rank} FROM {fts}"
    " WHERE {fts} MATCH %s)"
    " SELECT {columns} FROM hits JOIN {entries} e INDEXED BY {entry_index}"
    " ON e.id = hits.id"
    " WHERE e.content_type_id IN ({types})"
)
# The entries' id, content type and object id, apart from their wide rows
# (migration archive_search.0006).
ENTRY_INDEX = "search_entry_object"
# Every hit as the search page asks for it (`search.backends.pages`).
PAGE_COLUMNS = "CAST(e.object_id AS INTEGER), {rank}, e.id"
# Keeps SQLite from folding the FTS5 part back into the join (3.35 and later).
MATERIALIZED = "MATERIALIZED" if sqlite3.sqlite_version_info >= (3, 35) else ""


class CharIndexer(FlatValuesMixin, base.ObjectIndexer):
    """Extracts a record's values and writes them as single-character tokens."""

    def _indexed(self, wanted) -> str:
        values: list[str] = []
        for field in self.search_fields:
            for current, prepared in self.prepare_field(self.obj, field):
                if wanted(current):
                    values.extend(prepared)
        return " ".join(map(fts_token, tokens.index_text(values).split()))

    @cached_property
    def title(self) -> str:
        return self._indexed(is_title)

    @cached_property
    def body(self) -> str:
        return self._indexed(is_body)

    @cached_property
    def autocomplete(self) -> str:
        if holds_triples(type(self.obj)):
            return tokens.run_triples(f"{self.title} {tokens.VALUE_BREAK} {self.body}")
        return self._indexed(is_autocomplete)


def holds_triples(model) -> bool:
    """Whether `model`'s `autocomplete` column holds its runs' triples.

    Models without autocomplete fields (the case search records) have the
    column free; Wagtail's pages keep their titles there for autocomplete.
    """
    return not model.get_autocomplete_search_fields()


class TriplesLexeme(Lexeme):
    """A phrase of run triples, looked up in the `autocomplete` column only."""

    def as_sql(self, compiler, connection):
        return f"{TRIPLES_COLUMN} : %s", [f'"{self.value}"']


class CharIndex(base.SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [CharIndexer(obj, self.backend) for obj in objs]
        content_type_pk = get_content_type_pk(model)
        data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(
            entries.filter(object_id__in=data).values_list("object_id", flat=True)
        )
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            IndexEntry(
                content_type_id=content_type_pk,
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in data.items()
            if object_id not in existing
        )

    def _refresh_title_norms(self, full=False):
        # Ranking here weighs the title column in bm25() instead.
        pass


class CharQueryCompiler(base.SQLiteSearchQueryCompiler):
    # Column order of the FTS5 table: autocomplete, body, title.
    RANK_WEIGHTS = (0.0, 1.0, 10.0)

    @cached_property
    def triples(self) -> bool:
        """Whether run terms are looked up as triples (see the module docstring);
        not in a search limited to named fields, whose columns are those."""
        return (
            not self.LAST_TERM_IS_PREFIX
            and not self.fields
            and holds_triples(self.queryset.model)
        )

    def _lexeme(self, term: str, *, prefix: bool) -> Lexeme:
        triples = (
            tokens.term_triples(term) if self.triples and term != NOTHING else None
        )
        if triples is not None:
            return TriplesLexeme(triples)
        return Lexeme(_phrase(term), prefix=prefix)

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = tokens.query_terms(query.query_string) or [NOTHING]
            last = len(terms) - 1
            lexemes = [
                self._lexeme(term, prefix=self.LAST_TERM_IS_PREFIX and i == last)
                for i, term in enumerate(terms)
            ]
            if query.operator.upper() == "AND":
                return SearchQueryExpression(reduce(lambda a, b: a & b, lexemes))
            return SearchQueryExpression(reduce(lambda a, b: a | b, lexemes))
        if isinstance(query, Phrase):
            term = tokens.chars(query.query_string)[: tokens.MAX_TERM_CHARS]
            return SearchQueryExpression(self._lexeme(term or NOTHING, prefix=False))
        return super().build_search_query_content(query, config=config)

    def _positive(self) -> bool:
        """Whether this is a query FTS5 answers (not MATCH ALL, not a NOT).

        An empty queryset (a user who may open nothing) is left to the base
        class too: it returns nothing without asking FTS5.
        """
        query = normalize(self.query)
        if self.queryset.query.is_empty():
            return False
        return not isinstance(query, (MatchAll, Not))

    def match_string(self, config) -> str:
        """The FTS5 query string of this search, column filter included."""
        built = self.build_search_query(normalize(self.query), config=config)
        columns = self.FTS_TABLE_FIELDS + ([TRIPLES_COLUMN] if self.triples else [])
        match = MatchExpression(self.fields or columns, built)
        compiler = SQLiteFTSIndexEntry.objects.all().query.get_compiler(
            using=self.queryset.db
        )
        _, params = match.as_sql(compiler, compiler.connection)
        return params[0]

    def hits_sql(
        self, config, *, ranked: bool = False, columns: str = ""
    ) -> tuple[str, list]:
        """SQL selecting `object_id` (and `rank`) of every matching object.

        FTS5 runs first and alone, in a materialized CTE: joined directly to
        the index entries, SQLite's planner scans the entries and probes FTS5
        row by row, which takes seconds at 100,000 records. The caller's
        queryset (permissions, facets) then narrows the hits in SQL.
        """
        fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        weights = (1.0, *self.RANK_WEIGHTS[1:]) if self.triples else self.RANK_WEIGHTS
        rank = f", bm25({fts}, {', '.join(map(str, weights))}) AS rank"
        types = list(get_descendants_content_types_pks(self.queryset.model))
        # Table names and weights are ours; the query string is a parameter.
        sql = HITS_SQL.format(
            materialized=MATERIALIZED,
            fts=fts,
            entries=entries,
            entry_index=ENTRY_INDEX,
            rank=rank if ranked else "",
            columns=columns or ("e.object_id, hits.rank" if ranked else "e.object_id"),
            types=", ".join(["%s"] * len(types)),
        )
        params = [self.match_string(config), *types]
        if self.queryset.query.has_filters():
            visible = (
                self.queryset.annotate(_object_id=Cast("pk", output_field=CharField()))
                .values("_object_id")
                .order_by()
            )
            visible_sql, visible_params = visible.query.sql_with_params()
            sql += f" AND e.object_id IN ({visible_sql})"
            params += visible_params
        return sql, params

    # For `search.backends.pages`: bm25() is lower for better matches.
    MATERIALIZED = MATERIALIZED
    PAGE_ORDER = "rank, tiebreak DESC"

    def page_hits_sql(self, config) -> tuple[str, list] | None:
        """Every hit's pk, rank (0 unless ranked by relevance) and entry id."""
        if not self._positive():
            return None
        ranked = self.order_by_relevance
        columns = PAGE_COLUMNS.format(rank="hits.rank" if ranked else "0")
        return self.hits_sql(config, ranked=ranked, columns=columns)

    def page_score(self, rank: float) -> float:
        return -rank

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def matched_queryset(self, config):
        """The compiler's queryset narrowed to the matching objects, unordered."""
        if not self._positive():
            return super().search(config, None, None).order_by()
        sql, params = self.hits_sql(config)
        hits = RawSQL(sql, params)  # noqa: S611 - built by hits_sql, parameters bound
        return self.queryset.filter(pk__in=hits).order_by()

    def count(self, config) -> int:
        if not self._positive():
            return super().search(config, None, None).count()
        sql, params = self.hits_sql(config)
        return self._fetch(f"SELECT COUNT(*) FROM ({sql})", params)[0][0]  # noqa: S608 - composed of our own SQL and parameters

    def search(self, config, start, stop, score_field=None):
        if not self._positive():
            return super().search(config, start, stop, score_field=score_field)
        if not self.order_by_relevance:
            queryset = self.matched_queryset(config).order_by(
                *self.queryset.query.order_by or ["-pk"]
            )
            return queryset[start:stop]
        sql, params = self.hits_sql(config, ranked=True)
        sql += " ORDER BY hits.rank, e.id DESC"
        if stop is not None:
            sql += f" LIMIT {int(stop) - int(start or 0)}"
        if start:
            sql += ("" if stop is not None else " LIMIT -1") + f" OFFSET {int(start)}"
        return self._objects(self._fetch(sql, params), score_field)

    def _objects(self, ranked: list[tuple[str, float]], score_field):
        to_pk = self.queryset.model._meta.pk.to_python
        found = self.queryset.in_bulk([to_pk(object_id) for object_id, _ in ranked])
        results = []
        for object_id, rank in ranked:
            obj = found.get(to_pk(object_id))
            if obj is None:
                continue
            if score_field:
                # bm25() is lower for better matches; scores read higher-is-better.
                setattr(obj, score_field, -rank)
            results.append(obj)
        return results


class CharAutocompleteQueryCompiler(CharQueryCompiler):
    LAST_TERM_IS_PREFIX = True
    TARGET_SEARCH_FIELD_TYPE = AutocompleteField
    FTS_TABLE_FIELDS = ["autocomplete"]
    RANK_WEIGHTS = (1.0, 0.0, 0.0)

    def get_config(self, backend):
        return backend.autocomplete_config

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()

    def get_index_vectors(self):
        return [(F("index_entry__autocomplete"), 1.0)]


@cache
def fts_token(token: str) -> str:
    """A token as FTS5 must see it to keep it as it is (see the module docstring).

    ASCII and the ideographs every SQLite knows pass through; anything else
    becomes `u` and its code point in hex, several letters that no single
    character of a query can equal.
    """
    if token.isascii() or any(low <= token <= high for low, high in IDEOGRAPHS):
        return token
    return f"u{ord(token):x}"


def _phrase(term: str) -> str:
    return term if term == NOTHING else " ".join(map(fts_token, term))


class CharSearchResults(SQLFacetsMixin, base.SQLiteSearchResults):
    def _do_count(self):
        config = self.query_compiler.get_config(self.backend)
        total = self.query_compiler.count(config) - self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)


class ChineseSQLiteSearchBackend(base.SQLiteSearchBackend):
    query_compiler_class = CharQueryCompiler
    autocomplete_query_compiler_class = CharAutocompleteQueryCompiler
    index_class = CharIndex
    results_class = CharSearchResults
