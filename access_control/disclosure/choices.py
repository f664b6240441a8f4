"""The choices of 政府信息公开 applications: who applies, how, the states of
an application, the answers with their grounds (the annual report's list)
and the steps of its history. `models` imports them for its fields and
passes them on, so either module may be imported for them."""

from django.db import models


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
