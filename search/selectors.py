"""Reads of search: a user's case search, trimmed to what they may open.

The records are narrowed to the user's scope (`access_control.selectors`)
and to the chosen facets *before* the backend searches, so results, counts and
facets only ever see permitted cases: in SQL on the database backends, as
filters inside the query on Elasticsearch/OpenSearch. Logging the query is
the caller's part (`search.services.case_search_run`).
"""

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import QuerySet
from modelsearch.backends import get_search_backend
from modelsearch.query import PlainText

from access_control.selectors import CaseScope, text_scope_for
from dossiers.codes import Category, Procedure, label
from dossiers.models import Agency, Case
from search import tokens
from search.models import CaseSearchRecord
from search.snippets import Snippet, snippets_for

SORTS = {
    "relevance": ("按相关度", None),
    "newest": ("结案日期从新到旧", ["-closed_on", "-id"]),
    "oldest": ("结案日期从旧到新", ["closed_on", "id"]),
}
FACETS = [
    ("agency_id", "执法机关"),
    ("year", "结案年度"),
    ("category", "案件类别"),
    ("procedure", "程序"),
    ("retention", "保管期限"),
    ("dossier_state", "案卷状态"),
    ("hold", "冻结"),
]
MIN_EXACT_CHARS = 4


@dataclass(frozen=True)
class SearchFilters:
    """The facets and date range a search is narrowed to (empty: no limit)."""

    agency_id: int | None = None
    year: int | None = None
    category: str = ""
    procedure: str = ""
    retention: str = ""
    dossier_state: str = ""
    hold: str = ""
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None

    def apply(self, queryset: QuerySet[CaseSearchRecord]) -> QuerySet:
        lookups = {name: value for name, value in self.facets().items() if value}
        if self.closed_from:
            lookups["closed_on__gte"] = self.closed_from
        if self.closed_to:
            lookups["closed_on__lte"] = self.closed_to
        return queryset.filter(**lookups)

    def facets(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name, _ in FACETS}

    def as_json(self) -> dict[str, Any]:
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class FacetValue:
    value: Any
    label: str
    count: int
    selected: bool

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count}


@dataclass
class Hit:
    record: CaseSearchRecord
    rank: int
    score: float | None
    snippets: list[Snippet]

    @property
    def case(self) -> Case:
        return self.record.case

    def as_json(self) -> dict[str, Any]:
        """The hit as plain data (`search_cases --json`)."""
        record = self.record
        return {
            "rank": self.rank,
            "score": self.score,
            "case_number": self.case.case_number,
            "title": self.case.title,
            "agency": record.agency.name,
            "closed_on": record.closed_on.isoformat(),
            "dossier_state": record.dossier_state,
            "retention": record.retention,
            "pages_without_text": record.pages_without_text,
            "snippets": [
                {
                    "field": s.field,
                    "label": s.label,
                    "text": s.text,
                    "material_id": s.material_id,
                    "page": s.page,
                    "ocr": s.ocr,
                }
                for s in self.snippets
            ],
        }


@dataclass
class SearchOutcome:
    """One page of a search, with its totals and facets."""

    query: str
    terms: list[str]
    filters: SearchFilters
    sort: str
    backend: str
    total: int = 0
    estimated: bool = False  # total and facet counts estimated (约)
    page: int = 1
    per_page: int = 20
    hits: list[Hit] = field(default_factory=list)
    exact: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def as_json(self) -> dict[str, Any]:
        """The outcome as plain data (`search_cases --json`)."""
        return {
            "query": self.query,
            "terms": self.terms,
            "backend": self.backend,
            "total": self.total,
            "estimated": self.estimated,
            "page": self.page,
            "pages": self.pages,
            "sort": self.sort,
            "filters": self.filters.as_json(),
            "exact": [hit.as_json() for hit in self.exact],
            "hits": [hit.as_json() for hit in self.hits],
            "facets": {
                name: [value.as_json() for value in values]
                for name, values in self.facets.items()
            },
        }


def search_records_visible(*, scope: CaseScope | None) -> QuerySet[CaseSearchRecord]:
    """The search records of the cases in `scope` (none without a scope)."""
    records = CaseSearchRecord.objects.select_related("case", "agency")
    if scope is None:
        return records.none()
    return records.filter(scope.q(case_field="case_id", agency_field="agency_id"))


def case_search(
    *,
    user,
    query: str,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    backend: str = "default",
    scope: CaseScope | None = None,
) -> SearchOutcome:
    """Search the cases `user` may open.

    Args:
        user: who searches; their scope trims everything.
        query: what they typed; white space separates terms, all must match.
        filters: facets and date range to narrow to.
        sort, page, per_page: a key of `SORTS`; which page of hits to return.
        backend: the search backend's name in `WAGTAILSEARCH_BACKENDS`.
        scope: instead of the user's own scope (the console's full scope).

    Returns the page of hits with snippets, the total, the facets and any
    records whose 案号/文号/档号/证件号 equal the query.
    """
    filters = filters or SearchFilters()
    sort = sort if sort in SORTS else "relevance"
    outcome = SearchOutcome(
        query, tokens.query_terms(query), filters, sort, backend, per_page=per_page
    )
    if not outcome.terms:
        return outcome
    scope = scope if scope is not None else text_scope_for(user=user)
    records = filters.apply(search_records_visible(scope=scope))
    results = _results(records, query, sort, backend)
    counts = _page_in_one(outcome, results, page)
    if counts is None:
        _page(outcome, results, page)
    outcome.exact = _exact(records, query, outcome.terms)
    outcome.facets = _facets(results, filters, counts)
    return outcome


def _page_in_one(outcome: SearchOutcome, results, page: int) -> dict | None:
    """The total, the page and the facet counts in one statement, where the
    backend can (the database backends); None where it cannot."""
    if not hasattr(results, "search_page"):
        return None
    names = [name for name, _ in FACETS]
    start = (max(1, page) - 1) * outcome.per_page
    found = results[start : start + outcome.per_page].search_page(names)
    if found is None:
        return None
    outcome.total, outcome.estimated = found.total, found.estimated
    outcome.page = min(max(1, page), outcome.pages)
    if outcome.page != max(1, page):  # past the last page: show the last one
        start = (outcome.page - 1) * outcome.per_page
        found = results[start : start + outcome.per_page].search_page(names)
    _hits(outcome, found.records, start)
    return found.facets


def _page(outcome: SearchOutcome, results, page: int) -> None:
    """Count the hits and fetch one page of them, with snippets."""
    outcome.total = results.count()
    outcome.page = min(max(1, page), outcome.pages)
    start = (outcome.page - 1) * outcome.per_page
    _hits(outcome, list(results[start : start + outcome.per_page]), start)


def _hits(outcome: SearchOutcome, records: list, start: int) -> None:
    outcome.hits = [
        Hit(r, start + i, getattr(r, "_score", None), snippets_for(r, outcome.terms))
        for i, r in enumerate(records, start=1)
    ]


def _results(records: QuerySet, query: str, sort: str, backend: str):
    ordering = SORTS[sort][1]
    if ordering:
        records = records.order_by(*ordering)
    return (
        get_search_backend(backend)
        .search(
            PlainText(query, operator="and"),
            records,
            order_by_relevance=ordering is None,
        )
        .annotate_score("_score")
    )


def _exact(records: QuerySet, query: str, terms: list[str]) -> list[Hit]:
    """Records with an identifier equal to the whole query (精确匹配)."""
    key = tokens.chars(query)
    if len(key) < MIN_EXACT_CHARS:
        return []
    found = records.filter(keys__key=key[:200]).distinct().order_by("-closed_on")
    return [Hit(r, 0, None, snippets_for(r, terms)) for r in found[:10]]


def _facets(
    results, filters: SearchFilters, counted: dict[str, dict] | None = None
) -> dict[str, list[FacetValue]]:
    """Each facet's values, most hits first; `counted`: the counts already
    made with the page (else the backend counts each facet)."""
    chosen = filters.facets()
    facets = {}
    for name, _ in FACETS:
        counts = results.facet(name) if counted is None else _by_count(counted[name])
        labels = _labels(name, list(counts))
        facets[name] = [
            FacetValue(
                value, labels.get(value, str(value)), count, value == chosen[name]
            )
            for value, count in counts.items()
            if value not in (None, "", 0)
        ]
    return facets


def _by_count(counts: dict) -> dict:
    """Counts ordered as the backends order a facet: most first, then by value."""
    kept = [(v, n) for v, n in counts.items() if v not in (None, "", 0)]
    return dict(sorted(kept, key=lambda item: (-item[1], item[0])))


def _labels(name: str, values: list) -> dict[Any, str]:
    if name == "agency_id":
        return dict(Agency.objects.filter(pk__in=values).values_list("pk", "name"))
    if name == "category":
        return {v: label(Category, v) for v in values}
    if name == "procedure":
        return {v: label(Procedure, v) for v in values}
    if name in ("retention", "dossier_state", "hold"):
        choices = dict(CaseSearchRecord._meta.get_field(name).choices)
        return {v: str(choices.get(v, v)) for v in values}
    return {v: str(v) for v in values}
