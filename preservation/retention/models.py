"""The 保管期限表 of each agency and the holds (冻结) on cases.

Both are kept for good: a schedule row is superseded by a later one with a
later effective date, never edited away; a hold is released with a reason,
never deleted. `preservation.models` imports these so Django finds them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dossiers.codes import Category, LongTermTrigger, Procedure
from dossiers.models import Retention

NO_TRIGGER = ""


class RetentionRule(models.Model):
    """One line of an agency's 保管期限表: which cases, which class, from when.

    A blank category or procedure matches every one; a blank trigger matches
    cases without a 004 §19 long-term trigger, a trigger the cases that have it.
    """

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="retention_rules",
        verbose_name="机关",
    )
    category = models.CharField(
        "案件类别", max_length=40, choices=Category.choices, blank=True
    )
    procedure = models.CharField(
        "程序", max_length=20, choices=Procedure.choices, blank=True
    )
    trigger = models.CharField(
        "长期保存情形",
        max_length=40,
        choices=LongTermTrigger.choices,
        blank=True,
        default=NO_TRIGGER,
        help_text="留空：适用于没有长期保存情形（004 §19）的案件。",
    )
    retention = models.CharField("保管期限", max_length=20, choices=Retention.choices)
    effective_from = models.DateField("施行日期")
    basis = models.CharField("依据", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="制定人",
    )
    created_at = models.DateTimeField("制定时间", auto_now_add=True)

    class Meta:
        verbose_name = "保管期限表条目"
        verbose_name_plural = "保管期限表"
        ordering = ["agency", "category", "procedure", "trigger", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.scope_label} → {self.get_retention_display()}"

    @property
    def scope_label(self) -> str:
        return "，".join(
            [
                self.get_category_display() or "各类案件",
                self.get_procedure_display() or "各程序",
                self.get_trigger_display() or "无长期保存情形",
            ]
        )


class HoldKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    PETITION = "petition", "信访"
    AUDIT = "audit", "审计"
    DISCIPLINE = "discipline", "纪检监察"
    COMPENSATION = "compensation", "国家赔偿"
    OTHER = "other", "其他"


class Hold(models.Model):
    """A hold on a case's records, every version, until it is released."""

    case = models.ForeignKey(
        "dossiers.Case",
        on_delete=models.PROTECT,
        related_name="holds",
        verbose_name="案件",
    )
    kind = models.CharField("冻结类型", max_length=20, choices=HoldKind.choices)
    reason = models.TextField("冻结理由")
    reference = models.CharField("文号/案号", max_length=200, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="冻结人",
    )
    placed_at = models.DateTimeField("冻结时间", db_index=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="解除人",
    )
    released_at = models.DateTimeField("解除时间", null=True, blank=True)
    release_reason = models.TextField("解除理由", blank=True)

    class Meta:
        verbose_name = "冻结"
        verbose_name_plural = "冻结"
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["case", "released_at"], name="hold_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}冻结 {self.reference}".strip()

    @property
    def active(self) -> bool:
        return self.released_at is None

    def delete(self, *args, **kwargs):
        # A hold is part of the record of why nothing was destroyed.
        raise ValidationError(
            "冻结记录不能删除；如冻结事由消除，请解除冻结并说明理由。"
        )
