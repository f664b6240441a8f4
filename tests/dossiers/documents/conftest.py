"""Fixtures for the dossier documents: a content store and a sample dossier."""

import pytest

from tests.dossiers.documents.builders import Store, sample_dossier


@pytest.fixture
def store():
    return Store()


@pytest.fixture
def dossier(db, store):
    return sample_dossier(store)
