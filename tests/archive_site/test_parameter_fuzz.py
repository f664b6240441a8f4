"""Every list filter and every search parameter survives hostile values.

The lists and their filters are read from the pages themselves (every named
input, select and textarea of each listing's form), so a filter added later is
fuzzed without anyone adding it here. Huge, negative and empty numbers,
words where numbers belong, and bytes that are not UTF-8 must each get a page
(the list, or the form with its error), never a 500.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999",
    "-1",
    "abc",
    "%FF%FE",  # not UTF-8
    "%ED%A0%80",  # an encoded lone surrogate
    "9" * 400,
]
NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
SKIP = {"csrfmiddlewaretoken", "next"}


def _listing_urls() -> list[str]:
    """The admin's listing pages of our own viewsets, plus the search page."""
    names = list(_index_names(get_resolver().url_patterns, []))
    return sorted({"/admin/archive/search/", *(reverse(name) for name in names)})


def _index_names(patterns, namespaces: list[str]):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                [*namespaces, pattern.namespace] if pattern.namespace else namespaces
            )
            yield from _index_names(pattern.url_patterns, inner)
        elif pattern.name == "index" and _ours(namespaces):
            yield ":".join([*namespaces, "index"])


def _ours(namespaces: list[str]) -> bool:
    return bool(namespaces) and not namespaces[-1].startswith(("wagtail", "django"))


def _parameters(client, url: str) -> set[str]:
    response = client.get(url)
    if response.status_code != 200:  # a list this actor may not open
        return set()
    names = set(NAME.findall(response.content.decode()))
    return (names - SKIP) | {"p", "page", "ordering", "sort", "q"}


@pytest.mark.parametrize("actor", ["archivist", "admin_user"])
def test_every_list_parameter_takes_hostile_values(request, ingested_case, actor):
    user = request.getfixturevalue(actor)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    failures = []
    urls = _listing_urls()
    assert "/admin/archive/search/" in urls and len(urls) > 3
    assert any(_parameters(client, url) for url in urls)
    for url in urls:
        for name in sorted(_parameters(client, url)):
            for value in HOSTILE:
                response = client.get(url, QUERY_STRING=f"{name}={value}")
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value}")
    assert failures == []
