"""Helpers shared by the database backends: raw values and title fields."""

from collections.abc import Iterator
from typing import Any

from django.utils.encoding import force_str
from modelsearch.index import SearchField


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
