from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dossiers.models.append_only import AppendOnlyQuerySet


class EventOutcome(models.TextChoices):
    SUCCESS = "success", "成功"
    WARNING = "warning", "有警告"
    FAILURE = "failure", "失败"


class EventType(models.TextChoices):
    INGESTION = "ingestion", "接收入库"
    VALIDATION = "validation", "提交包校验"
    FIXITY_CHECK = "fixity_check", "固定性校验"
    FORMAT_IDENTIFICATION = "format_identification", "格式识别"
    FOUR_PROPERTY_CHECK = "four_property_check", "四性检测"
    REGULATION_CHECK = "regulation_check", "规范性检查"
    ACCESS_GRANTED = "access_granted", "授予查阅权限"
    ACCESS_REVOKED = "access_revoked", "撤销查阅权限"
    DOSSIER_ASSEMBLED = "dossier_assembled", "组卷"
    DOSSIER_REORDERED = "dossier_reordered", "调整卷内顺序"
    DOSSIER_UPDATED = "dossier_updated", "修改案卷信息"
    DOSSIER_SEALED = "dossier_sealed", "案卷封存"
    DOSSIER_OVERRIDE = "dossier_override", "带问题封存"
    DOSSIER_VERSIONED = "dossier_versioned", "创建案卷新版本"
    PACKAGE_CREATED = "package_created", "生成长期保存包"
    FIXITY_AUDIT = "fixity_audit", "固定性审计"
    REPAIR = "repair", "副本修复"
    METADATA_CORRECTED = "metadata_corrected", "更正著录信息"
    AGENCY_MERGED = "agency_merged", "随误建机关并入"
    DELETION = "deletion", "鉴定销毁"
    HOLD_PLACED = "hold_placed", "冻结"
    HOLD_RELEASED = "hold_released", "解除冻结"


class CaseEvent(models.Model):
    """One entry of a case's history, with PREMIS event semantics.

    The history is append-only: rows are written once and never updated or
    deleted, so a case's past can always be replayed from it.
    """

    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.PROTECT, related_name="events"
    )
    event_type = models.CharField("事件类型", max_length=50, choices=EventType.choices)
    event_datetime = models.DateTimeField("时间", db_index=True)
    event_detail = models.TextField("说明", blank=True)
    event_outcome = models.CharField(
        "结果", max_length=20, choices=EventOutcome.choices
    )
    event_outcome_detail = models.JSONField("结果详情", default=dict, blank=True)
    linking_agent = models.CharField("执行者", max_length=150)
    linking_agent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "案件事件"
        verbose_name_plural = "案件事件"
        ordering = ["event_datetime", "pk"]
        # A case's newest regulation check (the statistics' findings).
        indexes = [
            models.Index(fields=["case", "event_type"], name="caseevent_case_type_idx")
        ]

    def __str__(self) -> str:
        return f"{self.event_datetime:%Y-%m-%d %H:%M} {self.event_type}"

    def save(self, *args, **kwargs) -> None:
        # The history is evidence: refuse in-place edits at the lowest level.
        if self.pk is not None and not self._state.adding:
            raise ValidationError("案件事件只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("案件事件只能追加，不能删除。")
