"""政府信息公开 applications and what the agency does with them.

The 政府信息公开条例 (国务院令第711号, 2019) articles each field serves are
named beside it. An application's personal data (name, identity number,
contacts) is shown only to the agency's 信息公开 staff, and every look at it is
an access-log entry (`access_control.disclosure.selectors`).

Nothing here is ever deleted: an application, its letters and its releases
are records of the agency's answer (Art. 50 counts them every year).
"""

from django.conf import settings
from django.db import models

from access_control.disclosure.choices import (  # noqa: F401 (passed on)
    OPEN_STATUSES,
    PUBLIC_EVENTS,
    ApplicantType,
    Channel,
    DeliveryForm,
    EventKind,
    Ground,
    OrganisationKind,
    Outcome,
    PickupMethod,
    Status,
    grounds_for,
)
from access_control.disclosure.identity import IdentityKind


class DisclosureApplication(models.Model):
    """One 政府信息公开 application (Art. 29), from receipt to answer."""

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="disclosure_applications",
        verbose_name="机关",
    )
    number = models.CharField("受理编号", max_length=30, unique=True)
    # HMAC-SHA256 of the 查询码 under SECRET_KEY: the code itself is shown once.
    query_code_digest = models.CharField("查询码摘要", max_length=64)
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices
    )
    organisation_kind = models.CharField(
        "组织类别", max_length=20, choices=OrganisationKind.choices, blank=True
    )
    name = models.CharField("姓名或名称", max_length=200)
    id_kind = models.CharField("证件类型", max_length=20, choices=IdentityKind.choices)
    id_number = models.CharField("证件号码", max_length=30, db_index=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    description = models.TextField("所需信息的名称、文号或者便于查询的其他特征性描述")
    delivery_form = models.CharField(
        "提供方式", max_length=20, choices=DeliveryForm.choices
    )
    pickup_method = models.CharField(
        "获取方式", max_length=20, choices=PickupMethod.choices
    )
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间")
    submitted_from = models.GenericIPAddressField("提交地址", null=True, blank=True)
    # Art. 31: the day the application counts as received; None until then
    # (an online or fax application until both sides confirm it, a posted one
    # until the agency signs for it).
    received_on = models.DateField("收到申请日", null=True, blank=True)
    receipt_note = models.CharField("收到情况说明", max_length=300, blank=True)
    status = models.CharField(
        "状态",
        max_length=30,
        choices=Status.choices,
        default=Status.AWAITING_RECEIPT,
        db_index=True,
    )
    # Art. 33 ¶2: the extension, asked for by the officer and approved by
    # the head of the 信息公开工作机构.
    extension_requested_on = models.DateField("延期申请日", null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="延期申请人",
    )
    extended_on = models.DateField("延期批准日", null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="延期批准人",
    )
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    # The answer's due date as last computed (for sorting the inbox); the
    # page recomputes it with its steps from the facts below.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    outcome = models.CharField(
        "答复类型", max_length=20, choices=Outcome.choices, blank=True
    )
    ground = models.CharField("理由", max_length=40, choices=Ground.choices, blank=True)
    answer_text = models.TextField("答复内容", blank=True)
    # 非本机关: the agency that holds the information (Art. 36 (五)).
    other_agency = models.CharField("负责公开的机关", max_length=200, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="答复人",
    )
    av_release_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="音像资料公开批准人",
    )
    av_release_approved_on = models.DateField(
        "音像资料公开批准日", null=True, blank=True
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DisclosureEvent(models.Model):
    """One step of an application's history, with the local day it counts on."""

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    at = models.DateTimeField("时间")
    on = models.DateField("日期")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
    )
    note = models.TextField("说明", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class DisclosureCorrection(models.Model):
    """The one 补正 notice of an application (Art. 30) and its answer."""

    application = models.OneToOneField(
        DisclosureApplication, on_delete=models.PROTECT, related_name="correction"
    )
    notice = models.TextField("需补正的事项")
    requested_on = models.DateField("告知日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="告知人",
    )
    reply_by = models.DateField("补正期限")
    supplement = models.TextField("补正内容", blank=True)
    supplied_at = models.DateTimeField("补正时间", null=True, blank=True)
    supplied_on = models.DateField("收到补正日", null=True, blank=True)
    lapsed_on = models.DateField("视为放弃日", null=True, blank=True)

    class Meta:
        verbose_name = "补正"
        verbose_name_plural = "补正"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} 补正"


class DisclosureConsultation(models.Model):
    """Consulting a third party (Art. 32); its days are not counted (Art. 33 ¶3)."""

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.PROTECT, related_name="consultations"
    )
    third_party = models.CharField("第三方", max_length=200)
    matter = models.TextField("征求意见事项")
    sent_on = models.DateField("发出日期")
    reply_by = models.DateField("答复期限")  # 15 working days (Art. 32)
    replied_on = models.DateField("收到意见日", null=True, blank=True)
    opinion = models.CharField(
        "第三方意见",
        max_length=20,
        choices=[
            ("agree", "同意公开"),
            ("object", "不同意公开"),
            ("none", "逾期未提出意见"),
        ],
        blank=True,
    )
    opinion_text = models.TextField("意见内容", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
    )

    class Meta:
        verbose_name = "征求第三方意见"
        verbose_name_plural = "征求第三方意见"
        ordering = ["sent_on", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.application.number} {self.third_party}"


class DisclosureLink(models.Model):
    """A case or material matched to an application, with its 保密审查 decision.

    Nothing made from a linked material leaves before the review records a
    decision for it (`decision`, by whom, when, why).
    """

    class Decision(models.TextChoices):
        RELEASE = "release", "可以公开"
        REDACT = "redact", "区分处理后公开"
        WITHHOLD = "withhold", "不予公开"

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.PROTECT, related_name="links"
    )
    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.PROTECT, related_name="+", verbose_name="案件"
    )
    material = models.ForeignKey(
        "dossiers.Material",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="材料",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="关联人",
    )
    linked_at = models.DateTimeField("关联时间", auto_now_add=True)
    decision = models.CharField(
        "保密审查结论", max_length=20, choices=Decision.choices, blank=True
    )
    decision_ground = models.CharField(
        "依据", max_length=40, choices=Ground.choices, blank=True
    )
    decision_note = models.CharField("审查意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审查人",
    )
    reviewed_at = models.DateTimeField("审查时间", null=True, blank=True)

    class Meta:
        verbose_name = "关联档案"
        verbose_name_plural = "关联档案"
        ordering = ["linked_at", "pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["application", "case", "material"],
                name="disclosure_link_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.number} → {self.case_id}/{self.material_id or '*'}"


# The application's outputs, defined in their own module for size.
from access_control.disclosure.outputs import (  # noqa: E402
    DisclosureDelivery,
    DisclosureDownloadLink,
    DisclosureFile,
    DisclosureReviewFigures,
)

__all__ = [
    "DisclosureApplication",
    "DisclosureConsultation",
    "DisclosureCorrection",
    "DisclosureDelivery",
    "DisclosureDownloadLink",
    "DisclosureEvent",
    "DisclosureFile",
    "DisclosureLink",
    "DisclosureReviewFigures",
]
