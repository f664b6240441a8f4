"""Producer tokens, the packages sent with them, and every API call.

A token is stored as the SHA-256 of its secret, never the secret itself; its
visible prefix (`eap_` and 8 characters) names it in the admin and the audit.
"""

from django.conf import settings
from django.db import models


class ProducerToken(models.Model):
    """A bearer token of one agency's case-handling system (办案系统)."""

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="producer_tokens",
        verbose_name="执法机关",
    )
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=16, unique=True)
    secret_sha256 = models.CharField("密钥摘要（SHA-256）", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "提交接口令牌"
        ordering = ["agency", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class SipState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "接收中"
    ACCEPTED = "accepted", "已接收"
    REFUSED = "refused", "已拒收"
    DUPLICATE = "duplicate", "重复提交"


class SipSubmission(models.Model):
    """One package uploaded through the API; the same bytes twice are one row."""

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="执法机关",
    )
    token = models.ForeignKey(
        ProducerToken,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name="令牌",
    )
    package_name = models.CharField("提交包文件名", max_length=255)
    digest_algorithm = models.CharField("摘要算法", max_length=10, default="sha256")
    digest = models.CharField("提交包摘要", max_length=128)
    size = models.BigIntegerField("字节数")
    state = models.CharField(
        "状态", max_length=10, choices=SipState.choices, default=SipState.QUEUED
    )
    progress = models.JSONField("进度", default=dict)
    report = models.ForeignKey(
        "preservation.IngestReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="接收报告",
    )
    received_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始接收时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口提交包"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "digest_algorithm", "digest"],
                name="sip_submission_digest_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package_name}（{self.get_state_display()}）"


class ProducerApiCall(models.Model):
    """The audit entry of one call to /api/ (append-only)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    token = models.ForeignKey(
        ProducerToken,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name="令牌",
    )
    token_prefix = models.CharField("令牌前缀", max_length=16, blank=True)
    method = models.CharField("方法", max_length=10)
    path = models.CharField("路径", max_length=500)
    status = models.PositiveSmallIntegerField("状态码")
    outcome = models.CharField("结果", max_length=40)
    address = models.GenericIPAddressField("地址", null=True, blank=True)

    class Meta:
        verbose_name = "提交接口调用记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
