"""The case rows restored from a package's metadata keep what events name."""

import pytest

from dossiers.models import CaseEvent, Dossier
from preservation.models import Package
from preservation.services.rebuild import catalogue_rebuild
from tests.conftest import ORDINARY
from tests.preservation.services.rebuild.helpers import (
    ORDINARY_NUMBER,
    aips_copy,
    archive,
    second_version,
    wipe,
)

pytestmark = pytest.mark.django_db


DOSSIER_EVENTS = {
    "dossier_assembled",
    "dossier_reordered",
    "dossier_updated",
    "dossier_sealed",
    "dossier_versioned",
    "package_created",
}


def test_rebuilt_dossier_events_still_name_their_dossier(example_bag, sealer, tmp_path):
    archive(example_bag, sealer, ORDINARY)
    second_version(ORDINARY_NUMBER, sealer)
    restore = aips_copy(tmp_path)
    wipe()

    catalogue_rebuild(root=restore)

    events = CaseEvent.objects.filter(event_type__in=DOSSIER_EVENTS)
    assert {e.event_type for e in events} == DOSSIER_EVENTS
    for event in events:
        named = event.event_outcome_detail
        dossier = Dossier.objects.get(
            case=event.case,
            archival_code=named["archival_code"],
            version=named["version"],
        )
        if event.event_type == "package_created":
            assert Package.objects.get(identifier=named["package"]).dossier == dossier
        if event.event_type == "dossier_versioned":
            assert (dossier.version, named["previous_version"]) == (2, 1)
