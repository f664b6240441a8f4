"""Agencies: registered before their packages are accepted, one fonds each.

The 统一社会信用代码 and the 全宗号 are each unique, so one agency holds one
fonds and one numbering sequence; every correction of a registered agency is an
`AgencyChange` row with who, when and why (append-only, like case events).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from dossiers.models.append_only import AppendOnlyQuerySet

PATTERN_SAMPLE = {"fonds": "J001", "year": 2025, "retention": "D30", "number": 1}


# GB 32100-2015: 18 digits or capital letters (the check is not enforced: the
# sample packages carry codes with letters the standard leaves out).
CREDIT_CODE = RegexValidator(
    r"^[0-9A-Z]{18}$",
    "统一社会信用代码应为18位数字或大写英文字母。",
)


KEEP_RECORDS = "dossiers.view_agency_records"


class OrderingTemplate(models.TextChoices):
    CHRONOLOGICAL = "chronological", "按阶段和时间顺序（珠晖区细则第三十三条）"
    PENALTY = "penalty", "行政处罚案卷（正卷、副卷）"


class AvDeadline(models.TextChoices):
    HOURS_24 = "24h", "24小时内"
    WORKING_DAYS_2 = "2wd", "2个工作日内"


class Agency(models.Model):
    """An enforcement agency; its 全宗 (fonds) groups the records it produced."""

    name = models.CharField("机关名称", max_length=200)
    code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[CREDIT_CODE],
        error_messages={"unique": "该统一社会信用代码已登记给另一个机关。"},
    )
    fonds = models.CharField(
        "全宗号",
        max_length=20,
        unique=True,
        error_messages={"unique": "该全宗号已属于另一个机关。"},
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # An agency registered by mistake keeps its row (its sealed records carry
    # its fonds) but takes no packages once merged into the right one.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_agencies",
        verbose_name="已并入",
    )
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
    back_capture_closed_before = models.DateField(
        "历史补录截止日期",
        null=True,
        blank=True,
        help_text="在此日期前结案的案件视为历史补录（本馆建立前的积存），"
        "归档逾期只作提示。留空表示没有历史补录。",
    )
    access_max_days = models.PositiveSmallIntegerField(
        "查阅期限上限（日）",
        default=30,
        help_text="查阅、复制、借阅、调取申请可申请的最长期限。",
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

    def is_kept_by(self, user) -> bool:
        """Whether `user` keeps this agency's records (its archivists' group,
        or a superuser): the only holders who may ingest into it or change its
        dossiers. A grant on one case never makes its holder a keeper."""
        return bool(user and user.is_active and user.has_perm(KEEP_RECORDS, self))

    def clean(self) -> None:
        try:
            self.archival_code_pattern.format(**PATTERN_SAMPLE)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError(
                {"archival_code_pattern": f"档号格式无效：{exc}"}
            ) from exc


class AgencyChangeKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    EDITED = "edited", "修改名称"
    CODE_CORRECTED = "code_corrected", "更正统一社会信用代码"
    MERGED = "merged", "合并误建机关"


class AgencyChange(models.Model):
    """One registration or correction of an agency, with its reason."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="changes", verbose_name="机关"
    )
    kind = models.CharField("变更类型", max_length=20, choices=AgencyChangeKind.choices)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="操作人",
    )
    reason = models.TextField("理由", blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关变更记录"
        verbose_name_plural = "机关变更记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError("机关变更记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("机关变更记录只能追加，不能删除。")
