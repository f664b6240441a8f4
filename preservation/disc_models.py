"""The disc register: archival optical discs, what each holds, its read-back
checks, its disposal once a package on it is destroyed, and the disc exports
started from the browser. Re-exported by `preservation.models`."""

from django.conf import settings
from django.db import models

from dossiers.models import Retention


class DiscMedia(models.TextChoices):
    CD = "cd", "CD-R"
    DVD = "dvd", "DVD±R"
    BD25 = "bd25", "BD-R 25 GB"
    BD50 = "bd50", "BD-R 50 GB"


class DiscSet(models.TextChoices):
    A = "A", "A 套"
    B = "B", "B 套"


class DiscDisposal(models.TextChoices):
    DESTROYED = "destroyed", "物理销毁"
    REBURNED = "reburned", "重刻后销毁"


DISPOSAL_STATUS = {
    DiscDisposal.DESTROYED: "已销毁",
    DiscDisposal.REBURNED: "已重刻",
}
STATUS_PENDING = "需销毁或重刻"


class Disc(models.Model):
    """One archival optical disc (DA/T 38-2021, DA/T 74-2019) and where it is.

    The disc holds whole AIPs or parts of one, never a mix of fonds or of
    retention periods, so the label can state one 全宗号 and one 保管期限.
    `iso_sha256` is the digest of the image the disc was burned from.

    Once a package on it is destroyed (销毁), the custodian destroys the disc
    before two witnesses, first re-burning any live content onto replacement
    discs when no other disc of the set holds it; the `disposal` fields record
    that (`preservation.services.discs.disposal`).
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
    disposal = models.CharField(
        "处置方式", max_length=20, choices=DiscDisposal.choices, blank=True
    )
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="处置人（用户）",
    )
    disposed_by_name = models.CharField("处置人", max_length=150, blank=True)
    disposal_witnesses = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="监销人（用户）",
    )
    # Names as they were, so the record outlives the accounts.
    disposal_witness_names = models.CharField("监销人", max_length=300, blank=True)
    replacements = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="replaced_discs",
        verbose_name="替换光盘",
    )
    disposal_note = models.TextField("处置说明", blank=True)

    class Meta:
        verbose_name = "光盘"
        verbose_name_plural = "光盘"
        ordering = ["disc_number"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(disposal="", disposed_on__isnull=True)
                    | (~models.Q(disposal="") & models.Q(disposed_on__isnull=False))
                ),
                name="disc_disposal_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.disc_number

    @property
    def holds_destroyed(self) -> bool:
        """Whether a package on the disc was destroyed.

        Lists annotate `first_destroyed_batch` (the batch, None if none) to
        spare a query per row."""
        if hasattr(self, "first_destroyed_batch"):
            return self.first_destroyed_batch is not None
        return self.contents.filter(package__isnull=True).exists()

    @property
    def disposal_status(self) -> str:
        """已销毁 / 已重刻 once disposed, 需销毁或重刻 while it waits, else ""."""
        if self.disposal:
            return DISPOSAL_STATUS[self.disposal]
        return STATUS_PENDING if self.holds_destroyed else ""

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
        "preservation.Package",
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

    @property
    def archival_code(self) -> str:
        """The 档号, from the identifier (`<档号>.v<version>`), kept after 销毁."""
        return self.package_identifier.rpartition(".v")[0]

    @property
    def version(self) -> str:
        return self.package_identifier.rpartition(".v")[2]


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
        "preservation.Package", related_name="disc_exports", verbose_name="保存包"
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
