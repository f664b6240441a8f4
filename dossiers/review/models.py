"""案卷评查 (dossier quality review): rounds, the sampled dossiers, checklists.

A `ReviewRound` (评查批次) keeps the parameters its sample was drawn with
(year, percent, seed, agency), so the same sample can be drawn again from the
same catalogue. Each sampled dossier has a `DossierReview` (its checklist and
score) whose `ReviewItem`s are the regulation findings it was sampled with
(each a deduction citing its article) and the reviewer's own items. The
agency and section (承办科室) are copied onto the review when it is sampled,
so the report's aggregates group on plain columns.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from dossiers.review.scoring import FULL_SCORE


class RoundState(models.TextChoices):
    OPEN = "open", "评查中"
    FINISHED = "finished", "已完成"


class ItemSource(models.TextChoices):
    FINDING = "finding", "规范性检查"
    REVIEWER = "reviewer", "评查人员"


class ReviewRound(models.Model):
    number = models.CharField("批次号", max_length=30, unique=True)
    agency = models.ForeignKey(
        "dossiers.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="机关",
    )
    year = models.PositiveSmallIntegerField("结案年度")
    percent = models.PositiveSmallIntegerField(
        "抽查比例（%）", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    seed = models.BigIntegerField("随机种子")
    state = models.CharField(
        "状态", max_length=20, choices=RoundState.choices, default=RoundState.OPEN
    )
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="抽取人",
    )
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="完成人",
    )

    class Meta:
        verbose_name = "评查批次"
        verbose_name_plural = "评查批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class DossierReview(models.Model):
    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name="评查批次",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="案卷",
    )
    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="机关",
    )
    section = models.CharField("承办科室", max_length=100)
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    remarks = models.TextField("评查意见", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="评查人",
    )
    reviewed_at = models.DateTimeField("评查时间", null=True, blank=True)

    class Meta:
        verbose_name = "案卷评查表"
        verbose_name_plural = "案卷评查表"
        ordering = ["agency__name", "section", "dossier__archival_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dossier"], name="review_dossier_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.number} {self.dossier.archival_code}"


class ReviewItem(models.Model):
    review = models.ForeignKey(
        DossierReview,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name="评查表",
    )
    source = models.CharField("来源", max_length=20, choices=ItemSource.choices)
    code = models.CharField("问题代码", max_length=60, blank=True)
    article = models.CharField("依据", max_length=200, blank=True)
    description = models.TextField("问题")
    path = models.CharField("文件", max_length=500, blank=True)
    deduction = models.PositiveSmallIntegerField(
        "扣分", validators=[MaxValueValidator(FULL_SCORE)]
    )
    # A finding the reviewer judges not to be a defect is kept, unconfirmed.
    confirmed = models.BooleanField("确认扣分", default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="添加人",
    )

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description
