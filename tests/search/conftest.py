"""Fixtures of the search tests: the backend under test, and a seeded corpus.

`search_backend` runs a test once on the database backend ("default": SQLite
FTS5 or PostgreSQL, whichever `DATABASE_URL` names) and once on the search
engine ("engine"), which exists only when `SEARCH_URL` is set. The database
backend indexes a record when it is saved; the engine does not follow saves
in the tests (`AUTO_UPDATE` is off), so each engine test starts from an empty
index of its own and pushes the records it wants found (`push`).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from modelsearch.backends import get_search_backend

from access_control.models import Role
from access_control.roles import membership_set
from dossiers.models import Agency
from search.models import CaseSearchRecord
from tests.search.corpus import Corpus, corpus_build

CORPUS_SEED = 20250306
CORPUS_SIZE = 300
NO_ENGINE = "no search engine configured: set SEARCH_URL (http://127.0.0.1:9250)"


@dataclass
class BackendUnderTest:
    name: str
    backend: object
    index: object | None = None  # the engine's index; None on the database

    def push(self, records: Iterable[CaseSearchRecord] | None = None) -> None:
        """Make `records` (every record by default) searchable on the engine.

        The database backend indexed them when they were saved.
        """
        if self.index is None:
            return
        if records is None:
            records = CaseSearchRecord.objects.all()
        self.index.add_items(CaseSearchRecord, list(records))
        self.index.refresh()


def _engine() -> Iterator[BackendUnderTest]:
    if "engine" not in settings.WAGTAILSEARCH_BACKENDS:
        pytest.skip(NO_ENGINE)
    backend = get_search_backend("engine")
    index = backend.get_index_for_model(CaseSearchRecord)
    index.reset()
    index.add_model(CaseSearchRecord)
    try:
        yield BackendUnderTest("engine", backend, index)
    finally:
        index.delete()


@pytest.fixture(params=["default", "engine"])
def search_backend(request, db) -> Iterator[BackendUnderTest]:
    """The backend a test searches with, once per backend."""
    if request.param == "default":
        yield BackendUnderTest("default", get_search_backend("default"))
    else:
        yield from _engine()


@pytest.fixture
def database(db) -> BackendUnderTest:
    """The database backend alone."""
    return BackendUnderTest("default", get_search_backend("default"))


@pytest.fixture
def engine(db) -> Iterator[BackendUnderTest]:
    """The search engine alone, for tests that compare it with the database."""
    yield from _engine()


@pytest.fixture
def archivist_everywhere(db, django_user_model) -> Callable[[], object]:
    """The reader of tests about search rather than access: call it once the
    test's agencies exist; it returns one user, the archivist of every agency
    there is then (a later call adds the agencies made since).

    Not a superuser: superuser status alone sees no catalogue (issue #12).
    """
    user = django_user_model.objects.create_user("archivist_everywhere")

    def everywhere():
        for agency in Agency.objects.all():
            membership_set(user=user, agency=agency, role=Role.ARCHIVIST)
        return user

    return everywhere


@pytest.fixture(scope="class")
def corpus(django_db_setup, django_db_blocker) -> Iterator[Corpus]:
    """A few hundred cases, built once for the tests of one class.

    Like `setUpTestData`: built in a transaction that is rolled back after the
    class, so each test's own changes (in a savepoint) never reach the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield corpus_build(seed=CORPUS_SEED, size=CORPUS_SIZE)
        transaction.set_rollback(True)
