"""The staff search page in the admin (案件检索): one function view.

Everything it shows comes from `case_search_run`, which trims to the user's
scope and logs the query first. Opening a hit goes through the case page or
the content gate, each of which checks permission and logs the read again.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from search.forms import CaseSearchForm
from search.selectors import FACETS, SORTS, SearchOutcome
from search.services import case_search_run

# The URL parameter of each facet.
PARAMS = {
    "agency_id": "agency",
    "year": "year",
    "category": "category",
    "procedure": "procedure",
    "retention": "retention",
    "dossier_state": "state",
    "hold": "hold",
}


@require_GET
def search_view(request: HttpRequest) -> TemplateResponse:
    """Search the cases the user may open, with facets and snippets."""
    form = CaseSearchForm(request.GET or None)
    outcome = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        outcome = case_search_run(
            user=request.user,
            query=data["q"],
            request=request,
            filters=form.filters(),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )
    # The chosen facets stay chosen when the query is changed.
    kept = [(p, request.GET[p]) for p in PARAMS.values() if request.GET.get(p)]
    context = {"form": form, "outcome": outcome, "sorts": SORTS, "kept": kept}
    if outcome is not None:
        context |= _links(request.GET, outcome)
    return TemplateResponse(request, "search/admin/search.html", context)


def _with(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = str(value)
    return "?" + query.urlencode()


def _links(params: QueryDict, outcome: SearchOutcome) -> dict:
    facets = []
    for name, title in FACETS:
        param = PARAMS[name]
        values = [
            (
                value,
                _with(
                    params, **{param: "" if value.selected else value.value}, page=""
                ),
            )
            for value in outcome.facets.get(name, [])
        ]
        facets.append((title, param, values))
    hits = [_hit_links(hit, outcome.query) for hit in outcome.hits]
    exact = [_hit_links(hit, outcome.query) for hit in outcome.exact]
    pages = {
        "previous": _with(params, page=outcome.page - 1) if outcome.page > 1 else "",
        "next": _with(params, page=outcome.page + 1)
        if outcome.page < outcome.pages
        else "",
    }
    return {"facets": facets, "hits": hits, "exact": exact, "pages": pages}


def _hit_links(hit, query: str) -> dict:
    """A hit with the URL that opens its case and one per material snippet."""
    url = reverse("case:inspect", args=[hit.case.pk])
    snippets = [
        (
            snippet,
            reverse("access_control:material_content", args=[snippet.material_id])
            if snippet.material_id
            else "",
        )
        for snippet in hit.snippets
    ]
    return {
        "hit": hit,
        "url": f"{url}?{urlencode({'search': query})}",
        "snippets": snippets,
    }
