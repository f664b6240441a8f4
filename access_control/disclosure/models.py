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

from access_control.disclosure.identity import IdentityKind


class ApplicantType(models.TextChoices):
    PERSON = "person", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"


class OrganisationKind(models.TextChoices):
    """The annual report's kinds of 法人或其他组织 (国办公开办函〔2021〕30号)."""

    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    """How the application arrived; it decides the day of receipt (Art. 31)."""

    IN_PERSON = "in_person", "当面提交"
    POST = "post", "邮寄"
    ONLINE = "online", "网络"
    FAX = "fax", "传真"


class DeliveryForm(models.TextChoices):
    """提供政府信息的方式 (Art. 29 ¶2 (三), Art. 40)."""

    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    DOWNLOAD = "download", "网上下载"


class PickupMethod(models.TextChoices):
    """获取信息的方式."""

    POST = "post", "邮寄"
    SELF = "self", "自行领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"
    ON_SITE = "on_site", "当场阅读、抄录"


class Status(models.TextChoices):
    AWAITING_RECEIPT = "awaiting_receipt", "待确认收到"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求第三方意见中"
    ANSWERED = "answered", "已答复"
    WITHDRAWN = "withdrawn", "视为放弃"


# Statuses whose statutory clock is running or paused (the officer's inbox).
OPEN_STATUSES = (
    Status.AWAITING_RECEIPT,
    Status.IN_PROGRESS,
    Status.AWAITING_CORRECTION,
    Status.CONSULTING,
)


class Outcome(models.TextChoices):
    """答复类型 (Art. 36), the annual report's result columns."""

    RELEASE = "release", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHOLD = "withhold", "不予公开"
    UNABLE = "unable", "无法提供"
    NOT_PROCESSED = "not_processed", "不予处理"
    OTHER = "other", "其他处理"


class Ground(models.TextChoices):
    """The sub-grounds of the annual report's table, with their articles.

    The value's prefix is its `Outcome`; `GROUNDS_BY_OUTCOME` groups them.
    """

    WITHHOLD_STATE_SECRET = "withhold_state_secret", "属于国家秘密（第十四条）"
    WITHHOLD_LAW_FORBIDS = (
        "withhold_law_forbids",
        "其他法律行政法规禁止公开（第十四条）",
    )
    WITHHOLD_THREE_SAFETIES = (
        "withhold_three_safeties",
        "危及“三安全一稳定”（第十四条）",
    )
    WITHHOLD_THIRD_PARTY = (
        "withhold_third_party",
        "保护第三方合法权益（商业秘密、个人隐私，第十五条）",
    )
    WITHHOLD_INTERNAL = "withhold_internal", "属于三类内部事务信息（第十六条第一款）"
    WITHHOLD_PROCESS = "withhold_process", "属于四类过程性信息（第十六条第二款）"
    WITHHOLD_ENFORCEMENT_FILE = (
        "withhold_enforcement_file",
        "属于行政执法案卷（第十六条第二款）",
    )
    WITHHOLD_INQUIRY = (
        "withhold_inquiry",
        "属于行政查询事项（第十条）",
    )
    UNABLE_NOT_HELD = (
        "unable_not_held",
        ("本机关不掌握相关政府信息（含非本机关负责公开，第三十六条第四、五项）"),
    )
    UNABLE_NEEDS_CREATION = (
        "unable_needs_creation",
        "没有现成信息需要另行制作（第三十八条）",
    )
    UNABLE_UNCLEAR = (
        "unable_unclear",
        "补正后申请内容仍不明确（第三十六条第五项）",
    )
    NOT_PROCESSED_PETITION = (
        "not_processed_petition",
        "信访举报投诉类申请（第三十九条第一款）",
    )
    NOT_PROCESSED_REPEATED = "not_processed_repeated", "重复申请（第三十六条第六项）"
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        "要求提供公开出版物（第三十九条第二款）",
    )
    NOT_PROCESSED_MASS = (
        "not_processed_mass",
        "无正当理由大量反复申请（第三十五条）",
    )
    NOT_PROCESSED_CONFIRM = (
        "not_processed_confirm",
        "要求行政机关确认或重新出具已获取信息（第三十九条第二款）",
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请（第三十条）",
    )
    OTHER_NO_FEE = (
        "other_no_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER_OTHER = "other_other", "其他"


def grounds_for(outcome: str) -> list[Ground]:
    """The grounds an answer of `outcome` may give (empty: none needed)."""
    prefix = {
        Outcome.WITHHOLD: "withhold_",
        Outcome.UNABLE: "unable_",
        Outcome.NOT_PROCESSED: "not_processed_",
        Outcome.OTHER: "other_",
    }.get(outcome)
    if prefix is None:
        return []
    return [ground for ground in Ground if ground.value.startswith(prefix)]


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


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交申请"
    RECEIVED = "received", "确认收到"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    SUPPLEMENTED = "supplemented", "申请人补正"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正，视为放弃"
    CONSULTATION_STARTED = "consultation_started", "征求第三方意见"
    CONSULTATION_ENDED = "consultation_ended", "第三方意见已收到"
    EXTENSION_REQUESTED = "extension_requested", "申请延长答复期限"
    EXTENSION_REFUSED = "extension_refused", "延期未获批准"
    EXTENDED = "extended", "延长答复期限"
    LINKED = "linked", "关联档案"
    UNLINKED = "unlinked", "取消关联"
    REVIEWED = "reviewed", "保密审查"
    RELEASE_MADE = "release_made", "制作公开件"
    ANSWERED = "answered", "作出答复"
    DELIVERED = "delivered", "送达"
    DOWNLOADED = "downloaded", "申请人下载"


# Events the applicant sees on the status page (the others are internal).
PUBLIC_EVENTS = (
    EventKind.SUBMITTED,
    EventKind.RECEIVED,
    EventKind.CORRECTION_REQUESTED,
    EventKind.SUPPLEMENTED,
    EventKind.CORRECTION_LAPSED,
    EventKind.CONSULTATION_STARTED,
    EventKind.CONSULTATION_ENDED,
    EventKind.EXTENDED,
    EventKind.ANSWERED,
    EventKind.DELIVERED,
)


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
        DisclosureApplication, on_delete=models.PROTECT, related_name="files"
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


class DisclosureDownloadLink(models.Model):
    """An expiring link for the applicant to download a release.

    The token is shown in the link only; the table keeps its HMAC digest.
    """

    application = models.ForeignKey(
        DisclosureApplication, on_delete=models.PROTECT, related_name="download_links"
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
        DisclosureApplication, on_delete=models.PROTECT, related_name="deliveries"
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
