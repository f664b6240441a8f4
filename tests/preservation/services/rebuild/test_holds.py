"""Holds survive the loss of the database: a package carries the case's holds
as they stood when it was written, and the rebuild puts them back."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from access_control.models import Membership
from dossiers.models import Case
from preservation.models import Hold, Package
from preservation.retention.holds import hold_place, hold_release
from preservation.services.rebuild import catalogue_rebuild
from tests.conftest import ORDINARY, person_make
from tests.preservation.services.rebuild.helpers import (
    ORDINARY_NUMBER,
    aips_copy,
    archive,
    second_version,
    wipe,
)

pytestmark = pytest.mark.django_db

FIELDS = ("kind", "reason", "reference", "placed_at", "released_at", "release_reason")


def _holds() -> list[tuple]:
    return [
        (*(getattr(h, f) for f in FIELDS), h.placed_by.username)
        for h in Hold.objects.order_by("placed_at", "pk")
    ]


def _wipe() -> None:
    # Holds and the keeper's role point at the case and agency wiped next.
    for model in (Hold, Membership):
        model._base_manager.all()._raw_delete(using="default")
    wipe()


@pytest.fixture
def held(example_bag, sealer):
    """The ordinary sample packaged twice: the second package, written after
    a hold was placed and another released, carries both."""
    archive(example_bag, sealer, ORDINARY)
    case = Case.objects.get(case_number=ORDINARY_NUMBER)
    keeper = person_make("hold_keeper", case.agency, "archivist")
    first = hold_place(case=case, kind="audit", reason="专项审计", user=keeper)
    hold_release(hold=first, user=keeper, reason="审计结束")
    hold_place(
        case=case,
        kind="litigation",
        reason="当事人提起行政诉讼",
        reference="（2026）吉0102行初12号",
        user=keeper,
    )
    second_version(ORDINARY_NUMBER, sealer)
    return keeper


def test_the_newest_package_carries_the_holds(held, settings):
    package = Package.objects.order_by("-pk").first()
    metadata = Path(settings.ARCHIVE_STORAGE) / package.relative_path
    data = json.loads((metadata / "data/metadata/dossier.json").read_text("utf-8"))
    assert [(h["kind"], h["placed_by"]) for h in data["holds"]] == [
        ("audit", "hold_keeper"),
        ("litigation", "hold_keeper"),
    ]


def test_holds_are_restored_as_they_were(held, tmp_path):
    original = _holds()
    restore = aips_copy(tmp_path)
    _wipe()
    report = catalogue_rebuild(root=restore)
    assert report.problems == []
    assert _holds() == original


def test_a_missing_placer_comes_back_inactive_under_the_same_name(held, tmp_path):
    original = _holds()
    restore = aips_copy(tmp_path)
    _wipe()
    get_user_model().objects.filter(username="hold_keeper").delete()
    catalogue_rebuild(root=restore)
    assert _holds() == original
    placer = get_user_model().objects.get(username="hold_keeper")
    assert not placer.is_active and not placer.has_usable_password()
