"""What the database backends share: raw values, title fields, facets."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, SearchField


def flat_values(value: Any) -> Iterator[str]:
    """The strings inside a field value (a string, a list, a dict, …)."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from flat_values(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from flat_values(item)
    else:
        yield force_str(value)


def is_title(field) -> bool:
    """Whether a search field belongs in the backends' title column."""
    return isinstance(field, SearchField) and (
        field.field_name == "title" or bool(field.kwargs.get("title"))
    )


def is_body(field) -> bool:
    """Whether a search field belongs in the backends' body column."""
    return isinstance(field, SearchField) and not is_title(field)


def is_autocomplete(field) -> bool:
    return isinstance(field, AutocompleteField)


class FlatValuesMixin:
    """Indexer: a field's value as the list of strings inside it, so that the
    backend can keep values apart instead of joining them with commas."""

    def prepare_value(self, value) -> list[str]:
        return list(flat_values(value))


class SQLFacetsMixin:
    """Search results whose facets are counted in SQL over the matching rows."""

    def search_page(self, facet_names: list[str]):
        """This slice, the total and the facets in one statement, or None
        (`search.backends.pages`)."""
        from search.backends.pages import search_page

        return search_page(self, facet_names)

    def facet(self, field_name):
        compiler = self.query_compiler
        if compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # raises FilterFieldError
        matched = compiler.matched_queryset(compiler.get_config(self.backend))
        rows = (
            compiler.queryset.model._default_manager.filter(pk__in=matched.values("pk"))
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count", field_name)
        )
        return {row[field_name]: row["count"] for row in rows}
