from django.core.exceptions import ValidationError
from django.db import models

PATTERN_SAMPLE = {"fonds": "J001", "year": 2025, "retention": "D30", "number": 1}


class OrderingTemplate(models.TextChoices):
    CHRONOLOGICAL = "chronological", "按阶段和时间顺序（珠晖区细则第三十三条）"
    PENALTY = "penalty", "行政处罚案卷（正卷、副卷）"


class AvDeadline(models.TextChoices):
    HOURS_24 = "24h", "24小时内"
    WORKING_DAYS_2 = "2wd", "2个工作日内"


class Agency(models.Model):
    """An enforcement agency; its 全宗 (fonds) groups the records it produced."""

    name = models.CharField("机关名称", max_length=200)
    code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    fonds = models.CharField("全宗号", max_length=20)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Where the regulations differ, the agency chooses; defaults are the strictest.
    archiving_deadline_days = models.PositiveSmallIntegerField(
        "归档期限（日）", default=20, choices=[(20, "20日"), (30, "30日")]
    )
    av_upload_deadline = models.CharField(
        "音像记录存储期限",
        max_length=5,
        choices=AvDeadline.choices,
        default=AvDeadline.HOURS_24,
    )
    ordering_template = models.CharField(
        "案卷排列方式",
        max_length=20,
        choices=OrderingTemplate.choices,
        default=OrderingTemplate.CHRONOLOGICAL,
    )
    sm3_manifests = models.BooleanField(
        "保存包另附 SM3 清单",
        default=False,
        help_text="按 GB/T 32905 在 SHA-256 清单之外另附 SM3 摘要清单。",
    )
    archival_code_pattern = models.CharField(
        "档号格式",
        max_length=100,
        default="{fonds}-{year}-{retention}-{number:04d}",
        help_text="可用占位符：{fonds} 全宗号、{year} 年度、{retention} 保管期限代码、"
        "{number} 件号。",
    )

    class Meta:
        verbose_name = "执法机关"
        verbose_name_plural = "执法机关"
        ordering = ["name"]
        permissions = [("view_agency_records", "可查阅本机关全部案卷")]

    def __str__(self) -> str:
        return f"{self.name}（全宗 {self.fonds}）"

    def clean(self) -> None:
        try:
            self.archival_code_pattern.format(**PATTERN_SAMPLE)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError(
                {"archival_code_pattern": f"档号格式无效：{exc}"}
            ) from exc
