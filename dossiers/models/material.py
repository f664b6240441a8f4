from django.db import models

from dossiers.codes import Activity, Form, Stage


class Material(models.Model):
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

    @property
    def is_av(self) -> bool:
        return self.form in {Form.PHOTO, Form.AUDIO, Form.VIDEO}
