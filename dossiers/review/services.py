"""Writes of 案卷评查: drawing a round, recording a review, finishing a round.

`review_round_sample` draws the sample (`dossiers.review.sampling`), saves
it as a round with its parameters and prefills each dossier's checklist from
its regulation findings (`dossiers.rules.dossier_check`), one deduction per
finding of severity error or warning, citing its article. `dossier_review_record`
keeps the reviewer's verdict: which findings are confirmed, their own items,
remarks and the score (`dossiers.review.scoring`). `review_round_finish`
closes a round once every sampled dossier is reviewed; a finished round
refuses further changes. Who may call these is the caller's question (the
admin checks permissions and the reading gate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Agency, Dossier
from dossiers.review.models import (
    DossierReview,
    ItemSource,
    ReviewItem,
    ReviewRound,
    RoundState,
)
from dossiers.review.sampling import SectionSample, sample_draw, section_of
from dossiers.review.scoring import FINDING_DEDUCTIONS, score_of
from dossiers.rules import dossier_check


@dataclass(frozen=True)
class ReviewerItem:
    """A defect the reviewer found that no rule reports."""

    description: str
    article: str
    deduction: int


@transaction.atomic
def review_round_sample(
    *, year: int, percent: int, seed: int, agency: Agency | None = None, user=None
) -> tuple[ReviewRound, list[SectionSample]]:
    """Draw and save a round; returns it with the per-section sample.

    Raises:
        ValidationError: a parameter out of range, or nothing to sample.
    """
    if not 1 <= percent <= 100:
        raise ValidationError({"percent": "抽查比例应为 1 到 100 之间的整数。"})
    sections = sample_draw(year=year, percent=percent, seed=seed, agency=agency)
    if not sections:
        where = f"{agency.name}" if agency else "各机关"
        raise ValidationError(f"{where}没有 {year} 年结案且已封存的案卷，无法抽取。")
    review_round = ReviewRound(
        number=_next_number(year),
        agency=agency,
        year=year,
        percent=percent,
        seed=seed,
        created_by=user,
    )
    review_round.full_clean()
    review_round.save()
    for section in sections:
        for dossier in section.dossiers:
            _review_create(review_round, dossier)
    return review_round, sections


def _next_number(year: int) -> str:
    count = ReviewRound.objects.filter(number__startswith=f"PC{year}-").count()
    return f"PC{year}-{count + 1:03d}"


def _review_create(review_round: ReviewRound, dossier: Dossier) -> DossierReview:
    review = DossierReview.objects.create(
        round=review_round,
        dossier=dossier,
        agency=dossier.case.agency,
        section=section_of(dossier),
    )
    ReviewItem.objects.bulk_create(
        ReviewItem(
            review=review,
            source=ItemSource.FINDING,
            code=finding.code,
            article=finding.article,
            description=finding.message,
            path=finding.path,
            deduction=FINDING_DEDUCTIONS[finding.severity],
        )
        for finding in dossier_check(dossier)
        if finding.severity in FINDING_DEDUCTIONS
    )
    return review


@transaction.atomic
def dossier_review_record(
    *,
    review: DossierReview,
    user,
    confirmed: set[int],
    added: Sequence[ReviewerItem] = (),
    remarks: str = "",
) -> DossierReview:
    """Keep the reviewer's checklist: the finding items in `confirmed` (ids)
    deduct, the others are kept unconfirmed; `added` items deduct too.

    Raises:
        ValidationError: the round is finished, or an added item is invalid.
    """
    review = DossierReview.objects.select_for_update().get(pk=review.pk)
    if not review.round.is_open:
        raise ValidationError(f"评查批次 {review.round.number} 已完成，不能再修改。")
    for item in review.items.filter(source=ItemSource.FINDING):
        item.confirmed = item.pk in confirmed
        item.save(update_fields=["confirmed"])
    for new in added:
        _item_add(review, new, user)
    review.remarks = remarks.strip()
    review.score = score_of(
        review.items.filter(confirmed=True).values_list("deduction", flat=True)
    )
    review.reviewer, review.reviewed_at = user, timezone.now()
    review.save()
    return review


def _item_add(review: DossierReview, new: ReviewerItem, user) -> ReviewItem:
    item = ReviewItem(
        review=review,
        source=ItemSource.REVIEWER,
        description=new.description.strip(),
        article=new.article.strip(),
        deduction=new.deduction,
        added_by=user,
    )
    if not 1 <= new.deduction <= 100:
        raise ValidationError({"deduction": "扣分应为 1 到 100 之间的整数。"})
    item.full_clean(exclude=["review"])
    item.save()
    return item


@transaction.atomic
def review_round_finish(*, review_round: ReviewRound, user) -> ReviewRound:
    """Close a round whose every dossier has been reviewed.

    Raises:
        ValidationError: the round is finished already, or dossiers are unreviewed.
    """
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if not review_round.is_open:
        raise ValidationError(f"评查批次 {review_round.number} 已完成。")
    left = review_round.reviews.filter(score__isnull=True).count()
    if left:
        raise ValidationError(f"还有 {left} 卷案卷尚未评查，不能完成评查批次。")
    review_round.state = RoundState.FINISHED
    review_round.finished_at, review_round.finished_by = timezone.now(), user
    review_round.save()
    return review_round
