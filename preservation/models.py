from django.conf import settings
from django.db import models


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
