"""The checklist: prefilled from findings, the reviewer's items, the score."""

import pytest
from django.core.exceptions import ValidationError

from dossiers.review.models import ItemSource
from dossiers.review.services import (
    ReviewerItem,
    dossier_review_record,
    review_round_finish,
    review_round_sample,
)
from tests.dossiers.review.world import sealed_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(sample_agencies, django_user_model):
    sealed_dossier(sample_agencies[0], "执法一科", defects=2)
    review_round, _ = review_round_sample(
        year=2025, percent=100, seed=1, agency=sample_agencies[0]
    )
    return review_round.reviews.get()


def test_the_checklist_is_prefilled_from_the_findings(review):
    items = list(review.items.order_by("pk"))

    assert [(i.code, i.article, i.deduction) for i in items] == [
        ("av_missing", "001 §16；000 §14", 10),
        ("av_missing", "001 §16；000 §14", 10),
    ]
    assert all(i.source == ItemSource.FINDING and i.confirmed for i in items)
    assert "听证" in items[0].description
    assert review.score is None


def test_the_score_counts_confirmed_findings_and_the_reviewers_items(
    review, django_user_model
):
    user = django_user_model.objects.create_user("pingcha")
    first, _second = review.items.order_by("pk")

    done = dossier_review_record(
        review=review,
        user=user,
        confirmed={first.pk},
        added=[ReviewerItem("卷内目录页号不连续", "000 §33", 3)],
        remarks="基本规范。",
    )

    assert done.score == 100 - 10 - 3
    assert done.reviewer == user and done.remarks == "基本规范。"
    assert review.items.filter(confirmed=False).count() == 1
    mine = review.items.get(source=ItemSource.REVIEWER)
    assert (mine.article, mine.deduction, mine.added_by) == ("000 §33", 3, user)


def test_a_bad_deduction_is_refused_and_nothing_changes(review, django_user_model):
    user = django_user_model.objects.create_user("pingcha")

    with pytest.raises(ValidationError, match="扣分应为 1 到 100"):
        dossier_review_record(
            review=review, user=user, confirmed=set(), added=[ReviewerItem("x", "", 0)]
        )

    review.refresh_from_db()
    assert review.score is None and review.items.filter(confirmed=True).count() == 2


def test_the_score_never_falls_below_zero(review, django_user_model):
    user = django_user_model.objects.create_user("pingcha")

    done = dossier_review_record(
        review=review,
        user=user,
        confirmed=set(review.items.values_list("pk", flat=True)),
        added=[ReviewerItem("案卷严重缺失", "000 §33", 95)],
    )

    assert done.score == 0


def test_a_round_finishes_only_when_all_are_reviewed_and_then_is_frozen(
    review, django_user_model
):
    user = django_user_model.objects.create_user("pingcha")
    with pytest.raises(ValidationError, match="还有 1 卷案卷尚未评查"):
        review_round_finish(review_round=review.round, user=user)
    dossier_review_record(review=review, user=user, confirmed=set())

    finished = review_round_finish(review_round=review.round, user=user)

    assert finished.get_state_display() == "已完成" and finished.finished_by == user
    with pytest.raises(ValidationError, match="已完成，不能再修改"):
        dossier_review_record(review=review, user=user, confirmed=set())
