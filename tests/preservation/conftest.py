"""Fixtures of the preservation tests: a sealer, and packages sealed by them."""

import pytest

from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal
from preservation.models import Package


@pytest.fixture
def sealer(django_user_model):
    return django_user_model.objects.create_user("sealer")


@pytest.fixture
def seal(sealer, django_capture_on_commit_callbacks):
    """Seal a case's newest dossier (assembled if none) and return its package."""

    def seal(case, *, new_version: bool = False) -> Package:
        dossier = case.dossiers.order_by("-version").first()
        if new_version:
            dossier = dossier_new_version(dossier=dossier, user=sealer, reason="补充")
        dossier = dossier or dossier_assemble(case=case)
        with django_capture_on_commit_callbacks(execute=True):
            dossier_seal(dossier=dossier, user=sealer, override_reason="测试封存")
        return Package.objects.get(dossier=dossier)

    return seal


@pytest.fixture
def package(ingested_case, seal):
    """The package of `ingested_case`, sealed."""
    return seal(ingested_case)
