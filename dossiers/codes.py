"""The controlled vocabularies of the submission profile, with Chinese labels.

Codes are English snake_case (as `sip-profile.md` requires); every code shown to a
person goes through its label here. The JSON Schema of the profile is generated
from these lists, so a code exists in exactly one place.
"""

from django.db import models


class Category(models.TextChoices):
    ADMINISTRATIVE_PENALTY = "administrative_penalty", "行政处罚"
    ADMINISTRATIVE_LICENSING = "administrative_licensing", "行政许可"
    ADMINISTRATIVE_COERCION = "administrative_coercion", "行政强制"
    ADMINISTRATIVE_INSPECTION = "administrative_inspection", "行政检查"
    ADMINISTRATIVE_LEVY = "administrative_levy", "行政征收"
    ADMINISTRATIVE_EXPROPRIATION = "administrative_expropriation", "行政征用"
    ADMINISTRATIVE_CHARGE = "administrative_charge", "行政收费"
    ADMINISTRATIVE_PAYMENT = "administrative_payment", "行政给付"
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation", "行政确认"
    ADMINISTRATIVE_REGISTRATION = "administrative_registration", "行政登记"
    ADMINISTRATIVE_ADJUDICATION = "administrative_adjudication", "行政裁决"
    OTHER = "other", "其他"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "一般程序"
    SUMMARY = "summary", "简易程序"
    OTHER = "other", "其他程序"


class Initiation(models.TextChoices):
    EX_OFFICIO = "ex_officio", "依职权启动"
    APPLICATION = "application", "依申请启动"
    COMPLAINT = "complaint", "投诉举报"
    RANDOM_INSPECTION = "random_inspection", "双随机抽查"
    EMERGENCY = "emergency", "紧急情况启动"


class PartyType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANIZATION = "other_organization", "其他组织"


class LongTermTrigger(models.TextChoices):
    OBJECTION_OR_COMPLAINT = "objection_or_complaint", "当事人提出异议、投诉或信访"
    OBSTRUCTION_OR_ASSAULT = "obstruction_or_assault", "当事人阻挠、辱骂、殴打执法人员"
    MASS_OR_EMERGENCY_INCIDENT = "mass_or_emergency_incident", "处置群体性、突发性事件"
    OTHER = "other", "其他重要案件"


class Sensitivity(models.TextChoices):
    TRADE_SECRET = "trade_secret", "商业秘密"
    PERSONAL_PRIVACY = "personal_privacy", "个人隐私"
    # Never stored: a package declaring it is refused at ingest.
    STATE_SECRET = "state_secret", "国家秘密"


class Stage(models.TextChoices):
    INITIATION = "initiation", "程序启动"
    INVESTIGATION = "investigation", "调查取证"
    DECISION = "decision", "审查决定"
    SERVICE_EXECUTION = "service_execution", "送达执行"
    ARCHIVING = "archiving", "归档管理"


class Form(models.TextChoices):
    TEXT = "text", "文字"
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    ELECTRONIC_DATA = "electronic_data", "电子数据"


AV_FORMS = frozenset({Form.PHOTO, Form.AUDIO, Form.VIDEO})


class Activity(models.TextChoices):
    ON_SITE_INSPECTION = "on_site_inspection", "现场检查(勘验)"
    RANDOM_INSPECTION = "random_inspection", "随机抽查"
    SAMPLING = "sampling", "抽样取证"
    EVIDENCE_PRESERVATION = "evidence_preservation", "证据保全"
    HEARING = "hearing", "听证"
    COERCIVE_MEASURE = "coercive_measure", "行政强制措施"
    COMPULSORY_EXECUTION = "compulsory_execution", "强制执行"
    INTERVIEW = "interview", "询问"
    SHOWING_CREDENTIALS = "showing_credentials", "出示执法证件"
    RE_INSPECTION = "re_inspection", "复查"
    SERVICE_LEFT_AT_RESIDENCE = "service_left_at_residence", "留置送达"
    SERVICE_PUBLIC_NOTICE = "service_public_notice", "公告送达"
    OTHER = "other", "其他"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    LEFT_AT_RESIDENCE = "left_at_residence", "留置送达"
    MAIL = "mail", "邮寄送达"
    ENTRUSTED = "entrusted", "委托送达"
    TRANSFERRED = "transferred", "转交送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"
    ELECTRONIC = "electronic", "电子送达"


def label(choices: type[models.TextChoices], code: str) -> str:
    """Return the Chinese label of `code`, or the code itself when unknown."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code
