"""The disposition batch (销毁鉴定批次): what was gathered, left out, appraised
and approved — kept for good, as the record of why a dossier went or stayed.

A batch belongs to one agency (its appraisers appraise it, its 主要负责人
approves it). `preservation.models` imports these so Django finds them; the
rules live in `preservation.retention.disposition`; executing a batch (the
destruction, `EXECUTED`) in `preservation.retention.disposition_execute`.
"""

from django.conf import settings
from django.db import models


class BatchState(models.TextChoices):
    APPRAISING = "appraising", "鉴定中"
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    EXECUTED = "executed", "已执行"
    CANCELLED = "cancelled", "已撤销"


class Decision(models.TextChoices):
    DESTROY = "destroy", "销毁"
    EXTEND = "extend", "延长保管期限"
    PERMANENT = "permanent", "改为永久保管"


def _user(verbose_name: str, **options) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


class DispositionBatch(models.Model):
    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="disposition_batches",
        verbose_name="机关",
    )
    number = models.CharField("批次号", max_length=40)
    by_date = models.DateField("届满截止日")
    state = models.CharField(
        "状态", max_length=20, choices=BatchState.choices, default=BatchState.APPRAISING
    )
    created_by = _user("组批人")
    created_at = models.DateTimeField("组批时间")
    approved_by = _user("批准人", null=True, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)
    witnesses = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="监销人"
    )
    executed_at = models.DateTimeField("销毁时间", null=True, blank=True)
    method = models.CharField("销毁方式", max_length=40, blank=True)
    cancelled_by = _user("撤销人", null=True, blank=True)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    cancel_reason = models.TextField("撤销理由", blank=True)

    class Meta:
        verbose_name = "销毁鉴定批次"
        verbose_name_plural = "销毁鉴定批次"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], name="disposition_batch_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.get_state_display()}）"


class DispositionItem(models.Model):
    """One dossier of a batch and its appraisal (blank until appraised)."""

    batch = models.ForeignKey(
        DispositionBatch,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name="批次",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="disposition_items",
        verbose_name="案卷",
    )
    decision = models.CharField(
        "鉴定结论", max_length=20, choices=Decision.choices, blank=True
    )
    extend_years = models.PositiveSmallIntegerField("延长年数", null=True, blank=True)
    opinion = models.TextField("鉴定意见", blank=True)
    appraised_by = _user("鉴定人", null=True, blank=True)
    appraised_at = models.DateTimeField("鉴定时间", null=True, blank=True)
    retention_before = models.CharField("原保管期限", max_length=20, blank=True)
    retention_end_before = models.DateField("原届满日", null=True, blank=True)
    # Written on execution, when the dossier's items go: the register still
    # shows what was destroyed.
    extent = models.CharField("件数/页数", max_length=40, blank=True)

    class Meta:
        verbose_name = "销毁鉴定条目"
        verbose_name_plural = "销毁鉴定条目"
        ordering = ["batch", "dossier__retention_end", "dossier__archival_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "dossier"], name="disposition_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier.archival_code}：{self.decision_label or '待鉴定'}"

    @property
    def decision_label(self) -> str:
        if self.decision == Decision.EXTEND:
            return f"延长 {self.extend_years} 年"
        return self.get_decision_display() if self.decision else ""


class DispositionExclusion(models.Model):
    """A due dossier left out of a batch, with the hold (or reason) why."""

    batch = models.ForeignKey(
        DispositionBatch,
        on_delete=models.PROTECT,
        related_name="exclusions",
        verbose_name="批次",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="案卷",
    )
    hold = models.ForeignKey(
        "preservation.Hold",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="冻结",
    )
    reason = models.CharField("未纳入理由", max_length=300)

    class Meta:
        verbose_name = "未纳入销毁鉴定的案卷"
        verbose_name_plural = "未纳入销毁鉴定的案卷"
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier.archival_code}：{self.reason}"
