from django.conf import settings
from django.db import models

from dossiers.models import Retention
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

    # A package holds either one sealed dossier version or the record of one
    # disposition batch (its 销毁清册, kept 永久 as a record of its own).
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
                    models.Q(dossier__isnull=False, batch__isnull=True)
                    | models.Q(dossier__isnull=True, batch__isnull=False)
                ),
                name="package_holds_dossier_or_batch",
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


class DiscMedia(models.TextChoices):
    CD = "cd", "CD-R"
    DVD = "dvd", "DVD±R"
    BD25 = "bd25", "BD-R 25 GB"
    BD50 = "bd50", "BD-R 50 GB"


class DiscSet(models.TextChoices):
    A = "A", "A 套"
    B = "B", "B 套"


class Disc(models.Model):
    """One archival optical disc (DA/T 38-2021, DA/T 74-2019) and where it is.

    The disc holds whole AIPs or parts of one, never a mix of fonds or of
    retention periods, so the label can state one 全宗号 and one 保管期限.
    `iso_sha256` is the digest of the image the disc was burned from.
    """

    disc_number = models.CharField("光盘编号", max_length=50, unique=True)
    disc_set = models.CharField("套别", max_length=1, choices=DiscSet.choices)
    media = models.CharField("介质", max_length=10, choices=DiscMedia.choices)
    iso_sha256 = models.CharField("镜像 SHA-256", max_length=64)
    iso_size = models.BigIntegerField("镜像字节数")
    burned_on = models.DateField("刻录日期")
    burned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="刻录人（用户）",
    )
    burned_by_name = models.CharField("刻录人", max_length=150)
    location = models.TextField("存放位置", blank=True)
    fonds = models.CharField("全宗号", max_length=20)
    archival_code_from = models.CharField("起始档号", max_length=100)
    archival_code_to = models.CharField("终止档号", max_length=100)
    retention = models.CharField("保管期限", max_length=20, choices=Retention.choices)
    file_count = models.PositiveIntegerField("文件数")
    byte_count = models.BigIntegerField("字节数")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "光盘"
        verbose_name_plural = "光盘"
        ordering = ["disc_number"]

    def __str__(self) -> str:
        return self.disc_number

    @property
    def archival_code_range(self) -> str:
        if self.archival_code_from == self.archival_code_to:
            return self.archival_code_from
        return f"{self.archival_code_from} — {self.archival_code_to}"


class DiscContent(models.Model):
    """A package, or one part of a package that spans several discs, on a disc."""

    disc = models.ForeignKey(
        Disc, on_delete=models.PROTECT, related_name="contents", verbose_name="光盘"
    )
    # The package row goes when its dossier is destroyed (销毁); the disc
    # keeps its copy until the custodian destroys or re-burns the disc, so
    # the content row stays, naming the package and the batch.
    package = models.ForeignKey(
        Package,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disc_contents",
        verbose_name="保存包",
    )
    package_identifier = models.CharField("包标识", max_length=200, blank=True)
    destroyed_batch = models.CharField("销毁批次", max_length=40, blank=True)
    directory = models.CharField("盘内目录", max_length=300)
    part_number = models.PositiveSmallIntegerField("分卷序号", default=1)
    part_count = models.PositiveSmallIntegerField("分卷总数", default=1)
    file_count = models.PositiveIntegerField("文件数")
    byte_count = models.BigIntegerField("字节数")

    class Meta:
        verbose_name = "光盘内容"
        verbose_name_plural = "光盘内容"
        ordering = ["disc", "directory"]
        constraints = [
            models.UniqueConstraint(
                fields=["disc", "package", "part_number"],
                name="disc_content_part_once_per_disc",
            ),
            models.CheckConstraint(
                condition=models.Q(part_number__gte=1)
                & models.Q(part_number__lte=models.F("part_count")),
                name="disc_content_part_in_range",
            ),
        ]

    def __str__(self) -> str:
        if self.part_count == 1:
            return f"{self.disc}：{self.package_identifier}"
        return (
            f"{self.disc}：{self.package_identifier}"
            f"（{self.part_number}/{self.part_count}）"
        )


class DiscCheckOutcome(models.TextChoices):
    OK = "ok", "完好"
    FAILED = "failed", "有问题"


class DiscCheckVia(models.TextChoices):
    ISO = "iso", "镜像文件"
    MOUNT = "mount", "光盘（挂载目录）"


class DiscCheck(models.Model):
    """One read-back of every file of a disc, from its image or the disc itself.

    Only reads of the disc itself (`via=mount`) count towards the yearly
    sampling: an image on a server says nothing about the medium on the shelf.
    """

    disc = models.ForeignKey(
        Disc, on_delete=models.PROTECT, related_name="checks", verbose_name="光盘"
    )
    checked_at = models.DateTimeField("检测时间", db_index=True)
    outcome = models.CharField("结果", max_length=20, choices=DiscCheckOutcome.choices)
    via = models.CharField("检测对象", max_length=10, choices=DiscCheckVia.choices)
    path = models.CharField("读取路径", max_length=1000, blank=True)
    checked_files = models.PositiveIntegerField("检测文件数", default=0)
    checked_bytes = models.BigIntegerField("检测字节数", default=0)
    problems = models.JSONField("发现的问题", default=list, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="检测人（用户）",
    )
    checked_by_name = models.CharField("检测人", max_length=150, blank=True)

    class Meta:
        verbose_name = "光盘检测"
        verbose_name_plural = "光盘检测"
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.disc} {self.checked_at:%Y-%m-%d} {self.get_outcome_display()}"


class DiscExportStatus(models.TextChoices):
    QUEUED = "queued", "排队等候"
    RUNNING = "running", "正在制作"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class DiscExport(models.Model):
    """A disc export started from the browser: what to burn, and how far it got.

    The job (`access_control.tasks.disc_export_task`) saves its progress here so
    the page can show it; the images, labels and manifests it writes lie under
    `ARCHIVE_STORAGE/discs/<id>/` and are downloaded through the logged gate.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发起人",
    )
    media = models.CharField("介质", max_length=10, choices=DiscMedia.choices)
    disc_set = models.CharField("套别", max_length=1, choices=DiscSet.choices)
    packages = models.ManyToManyField(
        Package, related_name="disc_exports", verbose_name="保存包"
    )
    discs = models.ManyToManyField(
        Disc, blank=True, related_name="exports", verbose_name="光盘"
    )
    status = models.CharField(
        "状态",
        max_length=20,
        choices=DiscExportStatus.choices,
        default=DiscExportStatus.QUEUED,
    )
    stage = models.CharField("当前步骤", max_length=200, blank=True)
    done_bytes = models.BigIntegerField("已完成字节数", default=0)
    total_bytes = models.BigIntegerField("总字节数", default=0)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "光盘制作任务"
        verbose_name_plural = "光盘制作任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"光盘制作任务 {self.pk}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == DiscExportStatus.DONE:
            return 100
        return int(100 * self.done_bytes / self.total_bytes) if self.total_bytes else 0


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
