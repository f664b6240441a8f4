from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from dossiers.dates import local_time
from dossiers.models.append_only import AppendOnlyQuerySet


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian table: no orphans when a case row goes away."""

    content_object = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE)


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Agency", on_delete=models.CASCADE)


class AgencyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Agency", on_delete=models.CASCADE)


class AccessAction(models.TextChoices):
    VIEW_CASE = "view_case", "查看案件"
    VIEW_CONTENT = "view_content", "查看材料内容"
    DOWNLOAD = "download", "下载材料"
    DENIED = "denied", "拒绝访问"
    SEARCH = "search", "检索"


class AccessLogEntry(models.Model):
    """One read (or refused read) of archive content, hash-chained to the last.

    `entry_hash` covers every field and the previous entry's hash, so editing,
    deleting or reordering any entry breaks the chain from that point on
    (`access_log_verify`). Rows are only ever inserted.
    """

    sequence = models.PositiveBigIntegerField("序号", unique=True)
    timestamp = models.DateTimeField("时间", db_index=True)
    # PROTECT: people who appear in the log are deactivated, never deleted.
    # The chain hashes `user_key` and `username`, the values at the time.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="用户",
    )
    user_key = models.CharField("用户编号", max_length=64, blank=True)
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=AccessAction.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField("对象", max_length=64, blank=True)
    object_repr = models.CharField("对象说明", max_length=500, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)
    reason = models.CharField("事由", max_length=300, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    previous_hash = models.CharField("前一条摘要", max_length=64)
    entry_hash = models.CharField("本条摘要", max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()
    # Not content: a reference-index row per read would double the log's size,
    # and the users it names are kept by `on_delete=PROTECT` and the admin.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-sequence"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        when = local_time(self.timestamp)
        return f"{when:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("访问日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("访问日志只能追加，不能删除。")


class AccessLogHead(models.Model):
    """A single row locked while appending, so concurrent writers form one chain."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


class AccessLogCheckpoint(models.Model):
    """A signed statement of the log's head: "entry N has hash H, N entries".

    Written daily (`access_log_checkpoint`); the latest is copied into every new
    AIP and disc manifest, so removing entries a checkpoint covers is detected
    even when the chain left behind is consistent in itself.
    """

    sequence = models.PositiveBigIntegerField("截至序号")
    entry_hash = models.CharField("该条摘要", max_length=64)
    entry_count = models.PositiveBigIntegerField("条数")
    signed_at = models.DateTimeField("签署时间", db_index=True)
    key_id = models.CharField("密钥标识", max_length=16)
    public_key = models.CharField("公钥", max_length=64)
    signature = models.CharField("签名", max_length=100)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "访问日志检查点"
        verbose_name_plural = "访问日志检查点"
        ordering = ["-signed_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]} {self.signed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("访问日志检查点只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("访问日志检查点只能追加，不能删除。")
