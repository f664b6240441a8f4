from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from dossiers.dates import local_time
from dossiers.models.append_only import AppendOnlyQuerySet

# Permission names the access rules check (`access_control.rules`).
VIEW_CASE = "dossiers.view_case"
VIEW_AGENCY_RECORDS = "dossiers.view_agency_records"
CHANGE_DOSSIER = "dossiers.change_dossier"


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian table: no orphans when a case row goes away."""

    content_object = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Case", on_delete=models.CASCADE)


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Agency", on_delete=models.CASCADE)


class AgencyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("dossiers.Agency", on_delete=models.CASCADE)


class AccessAction(models.TextChoices):
    VIEW_CASE = "view_case", "查看案件"
    VIEW_CONTENT = "view_content", "查看材料内容"
    DOWNLOAD = "download", "下载材料"
    DENIED = "denied", "拒绝访问"
    SEARCH = "search", "检索"
    VIEW_APPLICATION = "view_application", "查看公开申请"


class ReadPurpose(models.TextChoices):
    """Why content is read (事由): the one list every logged read takes from.

    The value is the exact Chinese text written to the access log's `reason`.
    """

    ARCHIVE_REVIEW = "档案整理与审核", "档案整理与审核"
    CASE_READ = "查看案件档案", "查看案件档案"
    DOSSIER_REVIEW = "审查案卷", "审查案卷"
    PACKAGE_READ = "查看长期保存包", "查看长期保存包"
    INGEST_REPORT_READ = "查看接收报告", "查看接收报告"
    SEARCH = "案件检索", "案件检索"
    SEARCH_HIT = "检索结果查阅", "检索结果查阅"
    DISC_DOWNLOAD = "下载光盘文件", "下载光盘文件"
    DISC_BURN = "光盘刻录", "光盘刻录"
    REGISTER_READ = "查阅登记簿", "查阅登记簿"
    NOT_PERMITTED = "无查阅权限或对象不存在", "无查阅权限或对象不存在"
    DISCLOSURE = "政府信息公开申请办理", "政府信息公开申请办理"
    DISCLOSURE_DOWNLOAD = "政府信息公开申请人下载", "政府信息公开申请人下载"


class AccessLogEntry(models.Model):
    """One read (or refused read) of archive content, hash-chained to the last.

    `entry_hash` covers every field and the previous entry's hash, so editing,
    deleting or reordering any entry breaks the chain from that point on
    (`access_log_verify`). Rows are only ever inserted.
    """

    sequence = models.PositiveBigIntegerField("序号", unique=True)
    timestamp = models.DateTimeField("时间", db_index=True)
    # PROTECT: people who appear in the log are deactivated, never deleted.
    # The chain hashes `user_key` and `username`, the values at the time.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="用户",
    )
    user_key = models.CharField("用户编号", max_length=64, blank=True)
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=AccessAction.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField("对象", max_length=64, blank=True)
    object_repr = models.CharField("对象说明", max_length=500, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)
    reason = models.CharField("事由", max_length=300, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    previous_hash = models.CharField("前一条摘要", max_length=64)
    entry_hash = models.CharField("本条摘要", max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()
    # Not content: a reference-index row per read would double the log's size,
    # and the users it names are kept by `on_delete=PROTECT` and the admin.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-sequence"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        when = local_time(self.timestamp)
        who = self.username or "匿名"
        return f"{when:%Y-%m-%d %H:%M:%S} {who} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("访问日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("访问日志只能追加，不能删除。")


class AccessLogHead(models.Model):
    """A single row locked while appending, so concurrent writers form one chain."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


class AccessLogCheckpoint(models.Model):
    """A signed statement of the log's head: "entry N has hash H, N entries".

    Written daily (`access_log_checkpoint`); the latest is copied into every new
    AIP and disc manifest, so removing entries a checkpoint covers is detected
    even when the chain left behind is consistent in itself.
    """

    sequence = models.PositiveBigIntegerField("截至序号")
    entry_hash = models.CharField("该条摘要", max_length=64)
    entry_count = models.PositiveBigIntegerField("条数")
    signed_at = models.DateTimeField("签署时间", db_index=True)
    key_id = models.CharField("密钥标识", max_length=16)
    public_key = models.CharField("公钥", max_length=64)
    signature = models.CharField("签名", max_length=100)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "访问日志检查点"
        verbose_name_plural = "访问日志检查点"
        ordering = ["-signed_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]} {self.signed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("访问日志检查点只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("访问日志检查点只能追加，不能删除。")


class Role(models.TextChoices):
    """What a person does for an agency; one person may hold several roles."""

    ARCHIVIST = "archivist", "档案管理员"
    OFFICER = "officer", "执法人员"
    SECTION_HEAD = "section_head", "科室负责人"
    DEPUTY = "deputy", "分管负责人"
    CHIEF = "chief", "主要负责人"
    SUPERVISOR = "supervisor", "监督人员"
    SYSADMIN = "sysadmin", "系统管理员"
    APPRAISER = "appraiser", "鉴定小组成员"
    # 政府信息公开 staff; the head approves extensions (Art. 33 ¶2).
    DISCLOSURE_OFFICER = "disclosure_officer", "信息公开工作人员"
    DISCLOSURE_HEAD = "disclosure_head", "信息公开工作机构负责人"


# Roles whose holders see the catalogue (not the content) of their agency.
CATALOGUE_ROLES = (
    Role.ARCHIVIST,
    Role.OFFICER,
    Role.SECTION_HEAD,
    Role.DEPUTY,
    Role.CHIEF,
    Role.APPRAISER,
    Role.DISCLOSURE_OFFICER,
    Role.DISCLOSURE_HEAD,
)


class Membership(models.Model):
    """One role of one person in one agency (and, for a section head, a section).

    A deputy (分管负责人) approves party copies only when the chief has
    authorised it; `authorisation` records that authorisation (its reference),
    and an empty one means none was given.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="用户",
    )
    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="机关",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    department = models.CharField("科室", max_length=100, blank=True)
    authorisation = models.CharField("授权依据", max_length=200, blank=True)
    created_at = models.DateTimeField("设立时间", auto_now_add=True)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        ordering = ["agency", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role", "department"],
                name="membership_unique",
            )
        ]

    def __str__(self) -> str:
        department = f"·{self.department}" if self.department else ""
        return f"{self.user} {self.agency.name}{department} {self.get_role_display()}"


class RequestKind(models.TextChoices):
    VIEW = "view", "查阅"
    COPY = "copy", "复制"
    LOAN = "loan", "借阅"
    RETRIEVAL = "retrieval", "调取"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    WITHDRAWN = "withdrawn", "已撤回"


class AccessRequest(models.Model):
    """A person's request to see, copy, borrow or retrieve one case's records.

    Decided once (`access_control.consultations.access_request_decide`); an
    approval makes one `AccessGrant`. The rule that says who must decide is
    computed when the request is filed and kept with it (`rule`), with the
    article it rests on, so the register shows why that person decided.
    """

    number = models.CharField("登记号", max_length=20, unique=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name="申请人",
    )
    case = models.ForeignKey(
        "dossiers.Case",
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name="案件",
    )
    kind = models.CharField("方式", max_length=20, choices=RequestKind.choices)
    for_party = models.BooleanField("为当事人复制", default=False)
    # Empty: the whole dossier.
    materials = models.ManyToManyField(
        "dossiers.Material", blank=True, related_name="+", verbose_name="材料"
    )
    reason = models.CharField("事由", max_length=300)
    days = models.PositiveSmallIntegerField("期限（天）", default=7)
    rule = models.CharField("审批规则", max_length=40)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.CharField("审批意见", max_length=300, blank=True)
    ground = models.CharField("不予提供的理由", max_length=40, blank=True)

    class Meta:
        verbose_name = "查阅申请"
        verbose_name_plural = "查阅申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()} {self.case.case_number}"


class AccessGrant(models.Model):
    """What an approval opens: who, which case (and materials), how, until when.

    The gate checks `until` (a local date, inclusive) and `revoked_at` at every
    read, so expiry needs no job. One per request: two approvers deciding at
    once cannot make two.
    """

    request = models.OneToOneField(
        AccessRequest,
        on_delete=models.PROTECT,
        related_name="grant",
        verbose_name="申请",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name="被授权人",
    )
    case = models.ForeignKey(
        "dossiers.Case",
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name="案件",
    )
    kind = models.CharField("方式", max_length=20, choices=RequestKind.choices)
    until = models.DateField("有效期至")
    created_at = models.DateTimeField("授权时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="撤销人",
    )
    revoke_reason = models.CharField("撤销理由", max_length=300, blank=True)
    returned_at = models.DateTimeField("归还时间", null=True, blank=True)

    class Meta:
        verbose_name = "查阅授权"
        verbose_name_plural = "查阅授权"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "case", "until"])]

    def __str__(self) -> str:
        return f"{self.request.number} {self.user} 至 {self.until:%Y-%m-%d}"


class AccessCopy(models.Model):
    """A copy package made under a 复制 grant: its file and its SHA-256.

    Every download of it is an access-log entry naming the copy.
    """

    grant = models.ForeignKey(
        AccessGrant, on_delete=models.PROTECT, related_name="copies"
    )
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.BigIntegerField("字节数")
    iso_sha256 = models.CharField("光盘映像 SHA-256", max_length=64, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="制作人",
    )
    made_at = models.DateTimeField("制作时间", auto_now_add=True)

    class Meta:
        verbose_name = "复制件"
        verbose_name_plural = "复制件"
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.grant.request.number} {self.file_name}"


# The 政府信息公开 models live in their own package (`access_control.disclosure`).
from access_control.disclosure.models import *  # noqa: E402, F403
