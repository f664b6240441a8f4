"""A rebuild records each package and its copies, putting back missing ones."""

from pathlib import Path

import pytest
from django.conf import settings

from preservation.models import Package
from preservation.services.rebuild import catalogue_rebuild
from tests.conftest import ORDINARY
from tests.preservation.services.rebuild.helpers import archive, wipe

pytestmark = pytest.mark.django_db


def test_a_rebuild_from_the_primary_location_marks_its_copy_checked(
    example_bag, sealer
):
    archive(example_bag, sealer, ORDINARY)
    wipe()

    report = catalogue_rebuild(root=Path(settings.ARCHIVE_STORAGE))

    assert report.problems == [] and report.notes == []
    copies = dict(Package.objects.get().copies.values_list("location", "last_outcome"))
    assert copies == {"primary": "ok", "replica": ""}
