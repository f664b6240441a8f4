"""The 评查报告 against a hand-computed round: scores, ranking, defects, files."""

import io

import pytest
from openpyxl import load_workbook

from dossiers.review.models import DossierReview
from dossiers.review.report import report_pdf, report_xlsx, review_report
from dossiers.review.services import (
    ReviewerItem,
    dossier_review_record,
    review_round_sample,
)
from tests.dossiers.review.world import sealed_dossier
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
AV = "001 §16；000 §14"


@pytest.fixture
def report(sample_agencies, django_user_model):
    """A: 一科 d1 (clean; reviewer −3 → 97), d2 (1 error → 90); 二科 d3 (2
    errors, one confirmed → 90). B: d4 (clean → 100)."""
    a, b = sample_agencies
    d1, d2 = sealed_dossier(a, "一科"), sealed_dossier(a, "一科", defects=1)
    d3, d4 = sealed_dossier(a, "二科", defects=2), sealed_dossier(b, "综合科")
    review_round, _ = review_round_sample(year=2025, percent=100, seed=5)
    user = django_user_model.objects.create_user("pingcha")
    reviews = {r.dossier_id: r for r in DossierReview.objects.all()}

    def record(dossier, confirm: int, added=()):
        review = reviews[dossier.pk]
        ids = list(review.items.order_by("pk").values_list("pk", flat=True))
        dossier_review_record(
            review=review, user=user, confirmed=set(ids[:confirm]), added=added
        )

    record(d1, 0, [ReviewerItem("封面题名不规范", "000 §33", 3)])
    record(d2, 1)
    record(d3, 1)
    record(d4, 0)
    return review_report(review_round), a, b


def test_sections_and_agencies_are_scored_and_ranked(report):
    result, a, b = report

    assert result.sections == [
        (1, b.name, "综合科", 1, 100.0, 100, 100),
        (2, a.name, "一科", 2, 93.5, 90, 97),
        (3, a.name, "二科", 1, 90.0, 90, 90),
    ]
    assert result.agencies == [
        (1, b.name, 1, 100.0, 100, 100),
        (2, a.name, 3, 92.3, 90, 97),
    ]


def test_the_most_frequent_defects_by_article(report):
    result, _a, _b = report

    assert [(row[1], row[3], row[4]) for row in result.defects] == [
        (AV, 2, 2),
        ("000 §33", 1, 1),
    ]
    assert result.defects[0][2].startswith("av_missing：")
    assert result.defects[1][2] == "封面题名不规范"


def test_the_pdf_and_xlsx_say_the_same(report):
    result, a, _b = report

    text = pdf_text(report_pdf(result), squeeze=True)
    assert "案卷评查报告" in text and result.review_round.number in text
    assert "各科室得分与排名" in text and "93.5" in text and "综合科" in text
    assert "".join(AV.split()) in text and "封面题名不规范" in text

    book = load_workbook(io.BytesIO(report_xlsx(result)))
    sections = list(book["各科室得分与排名"].values)
    assert sections[0][:2] == ("名次", "机关")
    assert sections[2] == (2, a.name, "一科", 2, 93.5, 90, 97)
    dossiers = list(book["抽查案卷得分"].values)
    assert sorted(row[4] for row in dossiers[1:]) == [90, 90, 97, 100]
    assert {row[5] for row in dossiers[1:]} == {"优秀"}
