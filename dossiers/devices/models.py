"""Recording devices (现场执法记录设备), their ledger, and the AV compliance rows.

The register names each device by the code producers write in a recording's
`av.device`, unique within its agency, with its 专门人员 (001 §22, 002 §21).
The ledger (台账, 002 §22, 004 §26) is three kinds of rows: loans (领用 and
归还), checks (抽检, 回放检查) and faults with their repair. Rows are written
only by `dossiers.devices.services`.

`AvRecording` and `AvProblem` are derived rows: what the regulation checks
found about each recording, one row per recording officer, kept so that the
reports per officer and per section are SQL aggregates. They are recomputed
from the rules (`dossiers.devices.compliance`), never edited.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeviceKind(models.TextChoices):
    BODY_CAMERA = "body_camera", "执法记录仪"
    CAMERA = "camera", "相机"
    CAMCORDER = "camcorder", "摄像机"
    VOICE_RECORDER = "voice_recorder", "录音笔"
    OTHER = "other", "其他"


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", "在用"
    REPAIR = "repair", "维修"
    DISABLED = "disabled", "停用"
    SCRAPPED = "scrapped", "报废"


class Device(models.Model):
    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="devices",
        verbose_name="执法机关",
    )
    code = models.CharField(
        "设备编号", max_length=100, help_text="与音像记录著录的“设备”一致。"
    )
    kind = models.CharField("设备类型", max_length=20, choices=DeviceKind.choices)
    model = models.CharField("型号", max_length=100, blank=True)
    serial = models.CharField("序列号", max_length=100, blank=True)
    section = models.CharField("使用科室", max_length=100, blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=DeviceStatus.choices,
        default=DeviceStatus.IN_USE,
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="专门管理人员",
    )
    remarks = models.TextField("备注", blank=True)
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "现场执法记录设备"
        verbose_name_plural = "现场执法记录设备"
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="device_code_unique_per_agency",
                violation_error_message="本机关已登记该设备编号。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_kind_display()}）"


class DeviceLoan(models.Model):
    """One 领用 of a device and, once it is back, its 归还."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="loans", verbose_name="设备"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="领用人",
    )
    issued_at = models.DateTimeField("领用时间", db_index=True)
    issue_condition = models.CharField("领用时状况", max_length=200, default="完好")
    issue_battery = models.CharField("领用时电量", max_length=50, blank=True)
    issue_storage = models.CharField("领用时存储空间", max_length=50, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发放人",
    )
    returned_at = models.DateTimeField("归还时间", null=True, blank=True)
    return_condition = models.CharField("归还时状况", max_length=200, blank=True)
    return_battery = models.CharField("归还时电量", max_length=50, blank=True)
    return_storage = models.CharField("归还时存储空间", max_length=50, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="接收人",
    )

    class Meta:
        verbose_name = "设备领用记录"
        verbose_name_plural = "设备领用记录"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=models.Q(returned_at__isnull=True),
                name="device_one_open_loan",
                violation_error_message="该设备已领用，尚未归还。",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True)
                | models.Q(returned_at__gte=models.F("issued_at")),
                name="device_loan_returned_after_issue",
                violation_error_message="归还时间不能早于领用时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device.code} {self.issued_at:%Y-%m-%d %H:%M}"


class CheckKind(models.TextChoices):
    SPOT = "spot", "抽检"
    PLAYBACK = "playback", "回放检查"


class CheckResult(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class DeviceCheck(models.Model):
    """A 抽检 of the device or a 回放检查 of what it recorded (002 §22)."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="checks", verbose_name="设备"
    )
    kind = models.CharField("检查类型", max_length=20, choices=CheckKind.choices)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="检查人",
    )
    checked_on = models.DateField("检查日期")
    result = models.CharField("检查结果", max_length=10, choices=CheckResult.choices)
    remarks = models.TextField("检查情况", blank=True)
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "设备检查记录"
        verbose_name_plural = "设备检查记录"
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_on}"


class DeviceFault(models.Model):
    """A fault reported and, once done, its repair by a professional (004 §26)."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="faults", verbose_name="设备"
    )
    reported_at = models.DateTimeField("报告时间")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="报告人",
    )
    description = models.TextField("故障情况")
    repaired_on = models.DateField("修复日期", null=True, blank=True)
    repairer = models.CharField("维修单位", max_length=200, blank=True)
    repair_result = models.TextField("维修结果", blank=True)

    class Meta:
        verbose_name = "设备故障维修记录"
        verbose_name_plural = "设备故障维修记录"
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"故障 {self.reported_at:%Y-%m-%d}"


class AvRecording(models.Model):
    """A recording as the compliance reports count it: one row per officer."""

    material = models.ForeignKey(
        "dossiers.Material", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "dossiers.Agency", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    department = models.CharField("承办科室", max_length=100, blank=True)
    officer = models.CharField("制作人", max_length=100, blank=True)
    device = models.CharField("设备编号", max_length=100, blank=True)
    # One row per recording is primary: counts per section take only those.
    primary = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return f"{self.device} {self.officer}"


class AvProblem(models.Model):
    """One problem the checks found, once per officer it is counted against.

    `material` is empty for a case-level problem (an activity with no
    recording), which is counted against the case's officers.
    """

    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.CASCADE, related_name="+"
    )
    material = models.ForeignKey(
        "dossiers.Material",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        "dossiers.Agency", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    department = models.CharField("承办科室", max_length=100, blank=True)
    officer = models.CharField("执法人员", max_length=100, blank=True)
    code = models.CharField("问题", max_length=40)
    primary = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "year", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.officer}"
