from django.conf import settings
from django.db import models

from dossiers.models.deletion_guard import ArchivedQuerySet, ArchivedRecord
from preservation.deletion.models import DeletionPermit  # noqa: F401 (found here)


class IngestStatus(models.TextChoices):
    ACCEPTED = "accepted", "已接收"
    REFUSED = "refused", "已拒收"
    DUPLICATE = "duplicate", "重复提交"


class IngestReport(models.Model):
    """The outcome of one submission, kept whether it was accepted or not.

    A refused package leaves this report and nothing else. The accepted one
    carries the four-property check findings that are shown with the case.
    """

    package_name = models.CharField("提交包", max_length=500)
    received_at = models.DateTimeField("接收时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提交人",
    )
    status = models.CharField("结果", max_length=20, choices=IngestStatus.choices)
    case = models.ForeignKey(
        "dossiers.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ingest_reports",
        verbose_name="案件",
    )
    case_number = models.CharField("案号", max_length=100, blank=True)
    agency_name = models.CharField("机关", max_length=200, blank=True)
    fingerprint = models.CharField("提交包指纹", max_length=64, blank=True)
    file_count = models.PositiveIntegerField("文件数", default=0)
    byte_count = models.BigIntegerField("字节数", default=0)
    errors = models.JSONField("拒收原因", default=list, blank=True)
    findings = models.JSONField("检测发现", default=list, blank=True)

    class Meta:
        verbose_name = "接收报告"
        verbose_name_plural = "接收报告"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.package_name}：{self.get_status_display()}"

    def as_json(self) -> dict:
        """The report in the shape `ingest --json` prints."""
        return {
            "package": self.package_name,
            "status": self.status,
            "case_number": self.case_number or None,
            "errors": self.errors,
            "findings": self.findings,
        }


class PackageLocation(models.TextChoices):
    PRIMARY = "primary", "主存储"
    REPLICA = "replica", "副本存储"


class Package(ArchivedRecord, models.Model):
    """An archival information package (AIP): one sealed dossier version as a bag.

    The tag-manifest digest pins the whole package: a substituted bag whose
    files all match its own manifests is still caught, because its tag
    manifest no longer matches the one recorded here.
    """

    # A package holds one sealed dossier version, the record of one
    # disposition batch (its 销毁清册), or an agency's retention register
    # (its 保管期限表 and the holds on its cases); the last two are kept 永久
    # as records of their own.
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="package",
        verbose_name="案卷版本",
    )
    batch = models.ForeignKey(
        "preservation.DispositionBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="packages",
        verbose_name="销毁鉴定批次",
    )
    agency = models.ForeignKey(
        "dossiers.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_packages",
        verbose_name="机关（保管期限与冻结登记）",
    )
    identifier = models.CharField("包标识", max_length=200, unique=True)
    relative_path = models.CharField("相对路径", max_length=500, unique=True)
    bagit_version = models.CharField("BagIt 版本", max_length=10, default="1.0")
    algorithms = models.JSONField("摘要算法", default=list)
    tagmanifest_sha256 = models.CharField("标签清单摘要", max_length=64)
    payload_oxum = models.CharField("Payload-Oxum", max_length=50)
    file_count = models.PositiveIntegerField("文件数")
    byte_count = models.BigIntegerField("字节数")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "长期保存包"
        verbose_name_plural = "长期保存包"
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        dossier__isnull=False, batch__isnull=True, agency__isnull=True
                    )
                    | models.Q(
                        dossier__isnull=True, batch__isnull=False, agency__isnull=True
                    )
                    | models.Q(
                        dossier__isnull=True, batch__isnull=True, agency__isnull=False
                    )
                ),
                name="package_has_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.identifier

    @property
    def event_reference(self) -> dict[str, str | int]:
        """How an event's detail names this package: its identifier and its
        dossier's 档号 and version, never row ids a rebuild renumbers."""
        return {"package": self.identifier, **self.dossier.event_reference}


class PackageCopy(ArchivedRecord, models.Model):
    """One stored copy of a package, in one storage location."""

    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="copies"
    )
    location = models.CharField("位置", max_length=20, choices=PackageLocation.choices)
    last_checked_at = models.DateTimeField("最近校验", null=True, blank=True)
    last_outcome = models.CharField("最近结果", max_length=20, blank=True)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "保存包副本"
        verbose_name_plural = "保存包副本"
        constraints = [
            models.UniqueConstraint(
                fields=["package", "location"], name="one_copy_per_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.package}（{self.get_location_display()}）"


class FixityOutcome(models.TextChoices):
    OK = "ok", "完好"
    REPAIRED = "repaired", "已修复"
    FAILED = "failed", "损坏未修复"


class FixityCheck(models.Model):
    """One full verification of one copy of a package, and any repair it made."""

    copy = models.ForeignKey(
        PackageCopy,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name="副本",
    )
    started_at = models.DateTimeField("开始", db_index=True)
    finished_at = models.DateTimeField("结束")
    outcome = models.CharField("结果", max_length=20, choices=FixityOutcome.choices)
    files_checked = models.PositiveIntegerField("校验文件数", default=0)
    bytes_checked = models.BigIntegerField("校验字节数", default=0)
    problems = models.JSONField("发现的问题", default=list, blank=True)
    repaired_from = models.CharField(
        "修复来源", max_length=20, choices=PackageLocation.choices, blank=True
    )

    class Meta:
        verbose_name = "固定性校验"
        verbose_name_plural = "固定性校验"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.copy} {self.started_at:%Y-%m-%d} {self.get_outcome_display()}"


# The disc register lives in its own module (issue #14 added disposal).
from preservation.disc_models import (  # noqa: E402, F401
    DISPOSAL_STATUS,
    STATUS_PENDING,
    Disc,
    DiscCheck,
    DiscCheckOutcome,
    DiscCheckVia,
    DiscContent,
    DiscDisposal,
    DiscExport,
    DiscExportStatus,
    DiscMedia,
    DiscSet,
)

# The retention schedules, holds and disposition batches live beside their
# services (issue #14).
from preservation.retention.disposition_models import (  # noqa: E402, F401
    BatchState,
    Decision,
    DispositionBatch,
    DispositionExclusion,
    DispositionItem,
)
from preservation.retention.models import (  # noqa: E402, F401
    Hold,
    HoldKind,
    RetentionRule,
)
