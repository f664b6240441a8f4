"""The current dossier of a case is its newest version."""

from dossiers.selectors import current_dossier
from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal


def test_no_dossier_before_assembly(ingested_case):
    assert current_dossier(ingested_case) is None


def test_newest_version_after_a_new_version(ingested_case, archivist):
    first = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    assert current_dossier(ingested_case) == first
    second = dossier_new_version(dossier=first, user=archivist, reason="补充材料")
    assert current_dossier(ingested_case) == second
    assert second.version == first.version + 1
