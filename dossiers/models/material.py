from django.db import models

from dossiers.codes import Activity, Form, Stage
from dossiers.models.deletion_guard import ArchivedQuerySet, ArchivedRecord


class Material(ArchivedRecord, models.Model):
    """One file of a case, as received: its declared metadata and its identity.

    The bytes live in content-addressed storage under `digest`; this row only
    describes them. `digest_algorithm` is stored beside the digest so the
    archive can change algorithms without guessing what old rows used.
    """

    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.PROTECT, related_name="materials"
    )
    sequence = models.PositiveIntegerField("序号")
    path = models.CharField("包内路径", max_length=1000)
    original_name = models.CharField("原始文件名", max_length=255)
    stage = models.CharField("阶段", max_length=30, choices=Stage.choices)
    form = models.CharField("载体形式", max_length=20, choices=Form.choices)
    doc_type = models.CharField("文书种类", max_length=100)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    author = models.CharField("责任者", max_length=200, blank=True)
    title = models.CharField("题名", max_length=500)
    date = models.DateField("形成日期")
    activity = models.CharField(
        "执法环节", max_length=40, choices=Activity.choices, blank=True
    )
    av = models.JSONField("音像记录信息", default=dict, blank=True)
    service = models.JSONField("送达信息", default=dict, blank=True)
    signature_refused = models.BooleanField("拒绝签名", default=False)
    witness = models.CharField("见证人", max_length=100, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    media_type = models.CharField("识别格式", max_length=100)
    size = models.BigIntegerField("字节数")
    digest_algorithm = models.CharField("摘要算法", max_length=20, default="sha256")
    digest = models.CharField("摘要值", max_length=128, db_index=True)
    # Sensitivity of this material alone (profile 1.1), besides the case's.
    sensitivity = models.JSONField("敏感信息", default=list, blank=True)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "材料"
        verbose_name_plural = "材料"
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "path"], name="material_path_unique_per_case"
            ),
            models.UniqueConstraint(
                fields=["case", "sequence"], name="material_sequence_unique_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence:02d} {self.title}"


class TextStatus(models.TextChoices):
    EXTRACTED = "extracted", "已提取文字"
    PARTIAL = "partial", "部分页面无文字层"
    NO_TEXT_LAYER = "no_text_layer", "无文字层（扫描件，需 OCR）"
    NOT_SUPPORTED = "not_supported", "该格式不提取文字"
    FAILED = "failed", "提取失败"


class MaterialText(models.Model):
    """The text layer of a material, page by page, as full-text search reads it.

    Derived from the original (never part of it): it can be extracted again at
    any time, so it is neither in the archival package nor frozen by sealing.
    `empty_pages` names the pages that carry no text (scanned images);
    `ocr_pages` holds what OCR read on them, and `unreadable_pages` those that
    search still cannot find.
    """

    material = models.OneToOneField(
        Material,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="text",
        verbose_name="材料",
    )
    status = models.CharField("文字提取情况", max_length=20, choices=TextStatus.choices)
    pages = models.JSONField("各页文字", default=list, blank=True)
    empty_pages = models.JSONField("无文字层的页", default=list, blank=True)
    extractor = models.CharField("提取工具", max_length=50)
    extracted_at = models.DateTimeField("提取时间", auto_now=True)
    error = models.TextField("错误", blank=True)
    # OCR of the pages without a text layer, kept apart from the text layer
    # (which rules and redaction read as the producer's own text): page
    # number → {"source": "ocr", "engine", "confidence" 0–1, "text"}; "text"
    # is empty when the page could not be read (too little confidence).
    ocr_pages = models.JSONField("OCR 识别文字", default=dict, blank=True)
    ocr_at = models.DateTimeField("OCR 时间", null=True, blank=True)

    class Meta:
        verbose_name = "材料文字层"
        verbose_name_plural = "材料文字层"

    def __str__(self) -> str:
        return f"{self.material}（{self.get_status_display()}）"

    def ocr_text(self, number: int) -> str:
        """The text OCR read on page `number` ("" if none or unreadable)."""
        return self.ocr_pages.get(str(number), {}).get("text", "")

    @property
    def unreadable_pages(self) -> list[int]:
        """Pages without a text layer that OCR has not (yet) read."""
        return [n for n in self.empty_pages if not self.ocr_text(n)]
