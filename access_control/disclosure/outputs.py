"""What leaves an application and what is counted of it: its files (the
applicant's attachments, the agency's letters and releases), the expiring
download links, the deliveries and the annual review/suit figures. Kept
apart from `models` (the application and its working steps) for size;
`models` passes them on."""

from django.conf import settings
from django.db import models


class DisclosureFile(models.Model):
    """A file of an application kept in the content-addressed storage.

    Attachments the applicant sent (证件扫描件, 补正材料), the letters the
    agency sent (告知书) and the releases it made: `kind` says which. None is
    ever served from a public URL; attachments are read by 信息公开 staff
    through the logged gate, letters and releases by the applicant through
    the status page (letters) or an expiring link (releases).
    """

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", "申请附件"
        SUPPLEMENT = "supplement", "补正材料"
        LETTER = "letter", "告知书"
        RELEASE = "release", "公开件"
        AV_NOTE = "av_note", "音像资料文字说明"

    application = models.ForeignKey(
        "access_control.DisclosureApplication",
        on_delete=models.PROTECT,
        related_name="files",
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200, blank=True)
    file_name = models.CharField("文件名", max_length=255)
    media_type = models.CharField("文件类型", max_length=100)
    digest = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.BigIntegerField("字节数")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="制作人",
    )
    # For a release: the material it was made from and what was removed.
    source_material = models.ForeignKey(
        "dossiers.Material",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="来源材料",
    )
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "申请文件"
        verbose_name_plural = "申请文件"
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} {self.file_name}"


class DisclosureDownloadLink(models.Model):
    """An expiring link for the applicant to download a release.

    The token is shown in the link only; the table keeps its HMAC digest.
    """

    application = models.ForeignKey(
        "access_control.DisclosureApplication",
        on_delete=models.PROTECT,
        related_name="download_links",
    )
    file = models.ForeignKey(
        DisclosureFile, on_delete=models.PROTECT, related_name="download_links"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField("有效期至")  # local date, inclusive
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="生成人",
    )
    downloads = models.PositiveIntegerField("下载次数", default=0)

    class Meta:
        verbose_name = "下载链接"
        verbose_name_plural = "下载链接"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} {self.file.file_name} 至 {self.expires_on}"


class DisclosureDelivery(models.Model):
    """How and when the answer and the information reached the applicant."""

    application = models.ForeignKey(
        "access_control.DisclosureApplication",
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    method = models.CharField(
        "送达方式",
        max_length=20,
        choices=[
            ("download", "网上下载"),
            ("email", "电子邮件"),
            ("post", "邮寄"),
            ("disc", "光盘"),
            ("in_person", "当面领取"),
        ],
    )
    delivered_on = models.DateField("送达日期")
    note = models.CharField("说明（如邮件单号）", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["delivered_on", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_method_display()}"


class DisclosureReviewFigures(models.Model):
    """行政复议 and 行政诉讼 about 政府信息公开 in a year (annual report, part IV).

    Entered by staff: the archive does not see the reviews and suits.
    `figures` maps the table's cells, e.g. {"review": {"upheld": 1, …},
    "suit_direct": {…}, "suit_after_review": {…}} with the keys upheld,
    corrected, other, pending.
    """

    agency = models.ForeignKey(
        "dossiers.Agency", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("数字", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填报人",
    )

    class Meta:
        verbose_name = "行政复议和行政诉讼情况"
        verbose_name_plural = "行政复议和行政诉讼情况"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="disclosure_review_figures_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"
