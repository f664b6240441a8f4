from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from dossiers.models.agency import OrderingTemplate
from dossiers.models.deletion_guard import ArchivedQuerySet, ArchivedRecord


class Retention(models.TextChoices):
    PERMANENT = "permanent", "永久"
    YEARS_30 = "30y", "30年"
    YEARS_10 = "10y", "10年"


RETENTION_CODES = {
    Retention.PERMANENT: "Y",
    Retention.YEARS_30: "D30",
    Retention.YEARS_10: "D10",
}
RETENTION_YEARS = {
    Retention.PERMANENT: None,
    Retention.YEARS_30: 30,
    Retention.YEARS_10: 10,
}


class DossierState(models.TextChoices):
    DRAFT = "draft", "整理中"
    SEALED = "sealed", "已封存"
    SUPERSEDED = "superseded", "已被新版本取代"


class Volume(models.TextChoices):
    MAIN = "main", "正卷"
    SECONDARY = "secondary", "副卷"


class Dossier(ArchivedRecord, ClusterableModel):
    """The bound file (案卷) of one case, in one version.

    A sealed dossier is frozen: any change makes a new version (with a stated
    reason), and the sealed one stays readable as it was.
    """

    case = models.ForeignKey(
        "dossiers.Case",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="案件",
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name="上一版本",
    )
    version_reason = models.TextField("修订理由", blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=DossierState.choices, default=DossierState.DRAFT
    )
    archival_code = models.CharField("档号", max_length=100)
    archive_number = models.CharField("归档号", max_length=8)
    title = models.CharField("案卷题名", max_length=500)
    period_start = models.DateField("起始日期", null=True, blank=True)
    period_end = models.DateField("终止日期")
    retention = models.CharField(
        "保管期限", max_length=20, choices=Retention.choices, default=Retention.YEARS_30
    )
    retention_reason = models.CharField("保管期限依据", max_length=300, blank=True)
    template = models.CharField(
        "排列方式", max_length=20, choices=OrderingTemplate.choices
    )
    compiler = models.CharField("立卷人", max_length=50, blank=True)
    checker = models.CharField("检查人", max_length=50, blank=True)
    compiled_on = models.DateField("立卷时间", null=True, blank=True)
    remarks = models.TextField("本卷情况说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sealed_at = models.DateTimeField("封存时间", null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="封存人",
    )
    override_reason = models.TextField("带问题封存的理由", blank=True)
    retention_start = models.DateField("保管期限起算日", null=True, blank=True)
    retention_end = models.DateField("保管期限届满日", null=True, blank=True)
    destroyed_at = models.DateTimeField("销毁时间", null=True, blank=True)
    destroyed_batch = models.CharField("销毁批次", max_length=40, blank=True)

    # A draft may still be discarded; a sealed version only by disposition.
    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "案卷"
        verbose_name_plural = "案卷"
        ordering = ["-case__closed_on", "case", "-version"]
        # The due list (issue #14) asks for sealed dossiers whose retention
        # has ended by a date: equality on state, then a range on the end.
        indexes = [
            models.Index(
                fields=["state", "retention_end"], name="dossier_retention_end_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "version"], name="dossier_version_unique_per_case"
            ),
            # Versions of one dossier share its numbers; no other dossier may.
            # New dossiers start at version 1, so a second case can never take
            # a 档号 or 归档号 already issued, in any agency.
            models.UniqueConstraint(
                fields=["archival_code", "version"],
                name="dossier_archival_code_unique",
                violation_error_message="该档号已被另一案卷使用。",
            ),
            models.UniqueConstraint(
                fields=["archive_number", "version"],
                name="dossier_archive_number_unique",
                violation_error_message="该归档号已被另一案卷使用。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.archival_code} {self.title}（第{self.version}版）"

    @property
    def is_sealed(self) -> bool:
        return self.state != DossierState.DRAFT

    @property
    def event_reference(self) -> dict[str, str | int]:
        """How an event's detail names this dossier: by 档号 and version, which
        `rebuild_from_aips` restores (row ids it does not)."""
        return {"archival_code": self.archival_code, "version": self.version}

    def ensure_editable(self) -> None:
        if self.is_sealed:
            raise ValidationError(SEALED_MESSAGE)

    def save(self, *args, **kwargs) -> None:
        # The last line of defence: whatever path a change takes (admin, shell,
        # command), a dossier stored as sealed is never written again.
        if not self._state.adding and _stored_state(self.pk) != DossierState.DRAFT:
            raise ValidationError(SEALED_MESSAGE)
        super().save(*args, **kwargs)


SEALED_MESSAGE = "案卷已封存，不能修改；如需更正，请以书面理由创建新版本。"


def _stored_state(pk) -> str | None:
    return Dossier.objects.filter(pk=pk).values_list("state", flat=True).first()


class DossierEntry(ArchivedRecord, Orderable):
    """One material in its place in the dossier, with its 页号 range."""

    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    material = models.ForeignKey(
        "dossiers.Material",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="材料",
    )
    volume = models.CharField(
        "卷别", max_length=20, choices=Volume.choices, default=Volume.MAIN
    )
    page_from = models.PositiveIntegerField("起始页号", null=True, blank=True)
    page_to = models.PositiveIntegerField("终止页号", null=True, blank=True)

    # A draft's entries are replaced on re-assembly; a sealed one's are kept.
    objects = ArchivedQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = "案卷条目"
        verbose_name_plural = "案卷条目"

    def __str__(self) -> str:
        return f"{self.sort_order + 1}. {self.material.title}"

    def save(self, *args, **kwargs) -> None:
        if _stored_state(self.dossier_id) != DossierState.DRAFT:
            raise ValidationError(SEALED_MESSAGE)
        super().save(*args, **kwargs)

    @property
    def page_label(self) -> str:
        if self.page_from is None:
            return ""
        if self.page_from == self.page_to:
            return str(self.page_from)
        return f"{self.page_from}-{self.page_to}"
