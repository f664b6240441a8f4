"""review_sample's draw: reproducible for a seed, per section, sealed only."""

import pytest
from django.core.exceptions import ValidationError

from dossiers.models import Dossier, DossierState
from dossiers.review.sampling import NO_SECTION, sample_draw
from dossiers.review.services import review_round_sample
from tests.dossiers.review.world import sealed_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(sample_agencies):
    agency = sample_agencies[0]
    for _ in range(10):
        sealed_dossier(agency, "执法一科")
    sealed_dossier(agency, "法制科")
    sealed_dossier(agency, "")
    return agency


def _codes(sections) -> list[str]:
    return [d.archival_code for s in sections for d in s.dossiers]


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(catalogue):
    first = sample_draw(year=2025, percent=30, seed=7, agency=catalogue)
    again = sample_draw(year=2025, percent=30, seed=7, agency=catalogue)
    other = sample_draw(year=2025, percent=30, seed=8, agency=catalogue)

    assert _codes(first) == _codes(again)
    assert _codes(first) != _codes(other)


def test_every_non_empty_section_gets_at_least_one(catalogue):
    sections = sample_draw(year=2025, percent=10, seed=1, agency=catalogue)

    counts = {s.section: (len(s.dossiers), s.candidates) for s in sections}
    assert counts == {"执法一科": (1, 10), "法制科": (1, 1), NO_SECTION: (1, 1)}
    assert sum(c for c, _ in counts.values()) == 3
    thirty = sample_draw(year=2025, percent=30, seed=1, agency=catalogue)
    assert [len(s.dossiers) for s in thirty if s.section == "执法一科"] == [3]


def test_a_new_dossier_elsewhere_leaves_a_sections_sample_alone(catalogue):
    before = sample_draw(year=2025, percent=30, seed=3, agency=catalogue)
    sealed_dossier(catalogue, "法制科")

    after = sample_draw(year=2025, percent=30, seed=3, agency=catalogue)

    section = [s for s in before if s.section == "执法一科"]
    assert _codes(section) == _codes([s for s in after if s.section == "执法一科"])


def test_only_sealed_dossiers_of_cases_closed_that_year(catalogue):
    old = sealed_dossier(catalogue, "执法二科", year=2024)
    draft = sealed_dossier(catalogue, "执法三科")
    Dossier.objects.filter(pk=draft.pk).update(state=DossierState.DRAFT)

    sections = sample_draw(year=2025, percent=100, seed=1, agency=catalogue)

    codes = _codes(sections)
    assert len(codes) == 12
    assert old.archival_code not in codes and draft.archival_code not in codes


def test_the_round_keeps_its_parameters(catalogue, django_user_model):
    user = django_user_model.objects.create_user("pingcha")
    review_round, sections = review_round_sample(
        year=2025, percent=30, seed=7, agency=catalogue, user=user
    )

    assert review_round.number == "PC2025-001"
    assert (review_round.year, review_round.percent, review_round.seed) == (
        2025,
        30,
        7,
    )
    assert review_round.agency == catalogue and review_round.created_by == user
    saved = review_round.reviews.order_by("dossier__archival_code")
    assert [r.dossier.archival_code for r in saved] == sorted(_codes(sections))


def test_nothing_to_draw_is_refused_in_chinese(sample_agencies):
    with pytest.raises(ValidationError, match="没有 2030 年结案且已封存的案卷"):
        review_round_sample(year=2030, percent=10, seed=1, agency=sample_agencies[1])


def test_a_percent_out_of_range_is_refused(catalogue):
    with pytest.raises(ValidationError, match="抽查比例应为 1 到 100"):
        review_round_sample(year=2025, percent=0, seed=1, agency=catalogue)
