"""The words of the 告知书: what each letter says, from the application's facts.

One function per kind of letter turns the application (as it stands when the
event is recorded) into a `LetterText`: the heading, to whom, the paragraphs
and whether the applicant may see it. Every letter names the agency, the
受理编号, the day of receipt and what was asked for, and the articles of the
政府信息公开条例 (国务院令第711号) it rests on; every answer ends with the
applicant's remedies (Art. 51). Layout is `letters_pdf`'s job, storing it
`letters`'s; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from access_control.disclosure.applications import deadline_for
from access_control.disclosure.deadlines import CalendarUnknown
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureConsultation,
    Ground,
    Outcome,
)

LAW = "《中华人民共和国政府信息公开条例》"
REMEDY = (
    "救济途径：如对本答复不服，可以自收到本答复之日起六十日内申请行政复议，"
    "或者自收到本答复之日起六个月内向人民法院提起行政诉讼。"
)
ANSWER_TITLE = "政府信息公开申请答复告知书"
_ARTICLE = re.compile(
    r"第[一二三四五六七八九十百]+条(?:第[一二三四五六七八九十、]+[款项])?"
)
# Grounds whose label names no article of their own.
_GROUND_ARTICLES = {Ground.OTHER_NO_FEE: "第四十二条", Ground.OTHER_OTHER: ""}
# The article each kind of answer rests on, besides its ground's.
_OUTCOME_ARTICLES = {
    Outcome.RELEASE: "第三十六条第（二）项",
    Outcome.PARTIAL: "第三十七条",
    Outcome.WITHHOLD: "第三十六条第（三）项",
    Outcome.UNABLE: "第三十六条",
    Outcome.NOT_PROCESSED: "第三十六条",
    Outcome.OTHER: "第三十六条",
}


@dataclass(frozen=True)
class LetterText:
    """A letter's words; `public` says whether the applicant receives it."""

    title: str
    agency: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    dated: dt.date
    public: bool = True


def date_cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（未确定）"


def ground_article(ground: str) -> str:
    """The article a ground rests on (“第十四条”), "" when it names none."""
    if ground in _GROUND_ARTICLES:
        return _GROUND_ARTICLES[Ground(ground)]
    found = _ARTICLE.search(Ground(ground).label) if ground else None
    return found.group(0) if found else ""


def ground_label(ground: str) -> str:
    """The ground without its article, as the annual report's table names it."""
    return re.sub(r"（[^（）]*）$", "", Ground(ground).label) if ground else ""


def _facts(application: DisclosureApplication) -> str:
    return (
        f"本机关于{date_cn(application.received_on)}收到您提出的政府信息公开申请"
        f"（受理编号：{application.number}），申请获取："
        f"“{application.description.strip()}”。"
    )


def _letter(application, title: str, paragraphs, dated, **options) -> LetterText:
    return LetterText(
        title=title,
        agency=application.agency.name,
        number=application.number,
        addressee=options.pop("addressee", application.name),
        paragraphs=tuple(p for p in paragraphs if p),
        dated=dated,
        **options,
    )


def correction_letter(application: DisclosureApplication, dated) -> LetterText:
    """补正告知书 (Art. 30): what to supply, by when, and what follows if not."""
    correction = application.correction
    return _letter(
        application,
        "政府信息公开申请补正告知书",
        [
            _facts(application),
            f"经审查，您的申请内容不明确。根据{LAW}第三十条的规定，"
            f"请您于{date_cn(correction.reply_by)}前对下列事项作出补正：",
            correction.notice.strip(),
            "答复期限自本机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，"
            "视为放弃申请，本机关不再处理该政府信息公开申请。",
        ],
        dated,
    )


def lapse_letter(application: DisclosureApplication, dated) -> LetterText:
    """The 补正 was not supplied in time: the application counts as withdrawn."""
    correction = application.correction
    return _letter(
        application,
        "政府信息公开申请视为放弃告知书",
        [
            _facts(application),
            f"本机关已于{date_cn(correction.requested_on)}告知您补正申请，"
            f"补正期限为{date_cn(correction.reply_by)}。您未在期限内补正。"
            f"根据{LAW}第三十条的规定，视为您放弃申请，"
            "本机关不再处理该政府信息公开申请。",
            REMEDY,
        ],
        dated,
    )


def extension_letter(application: DisclosureApplication, dated) -> LetterText:
    """延期答复告知书 (Art. 33 ¶2), with the new due date when it is known."""
    try:
        deadline = deadline_for(application)
    except CalendarUnknown:
        deadline = None
    due = (
        f"延长后的答复期限届满日为{date_cn(deadline.due)}。"
        if deadline
        else "因相关年度的法定节假日安排尚未公布，延长后的答复期限届满日将另行告知。"
    )
    reason = application.extension_reason.strip() or "需要延长答复期限"
    return _letter(
        application,
        "政府信息公开申请延期答复告知书",
        [
            _facts(application),
            f"因{reason.rstrip('。')}，本机关不能在法定期限内作出答复。"
            f"经本机关政府信息公开工作机构负责人同意，根据{LAW}第三十三条第二款的规定，"
            f"答复期限延长二十个工作日。{due}",
        ],
        dated,
    )


def consultation_letter(
    application: DisclosureApplication, consultation: DisclosureConsultation, dated
) -> LetterText:
    """征求第三方意见函 (Art. 32) to the third party; the applicant is not named,
    since the applicant's personal data stays with the 信息公开 staff."""
    return _letter(
        application,
        "政府信息公开征求第三方意见函",
        [
            f"本机关于{date_cn(application.received_on)}收到一件政府信息公开申请"
            f"（受理编号：{application.number}），申请公开的信息可能损害贵方的合法权益"
            f"（商业秘密、个人隐私等）。涉及的信息为：{consultation.matter.strip()}",
            f"根据{LAW}第三十二条的规定，现书面征求贵方意见。"
            f"请贵方自收到本函之日起十五个工作日内，"
            f"即{date_cn(consultation.reply_by)}前，书面提出是否同意公开的意见及理由。"
            "逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
            "第三方不同意公开且有合理理由的，本机关不予公开。"
            "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
            "并将决定公开的政府信息内容和理由书面告知贵方。",
        ],
        dated,
        addressee=consultation.third_party,
        public=False,
    )


def answer_letter(application: DisclosureApplication, dated) -> LetterText:
    """政府信息公开申请答复告知书 (Art. 36, 37) per outcome and ground."""
    paragraphs = [_facts(application), _decision(application)]
    if application.answer_text.strip():
        paragraphs.append(f"答复说明：{application.answer_text.strip()}")
    paragraphs.append(REMEDY)
    return _letter(application, ANSWER_TITLE, paragraphs, dated)


def _basis(application: DisclosureApplication) -> str:
    """The ground's article, then the outcome's unless the first already is it."""
    ground = ground_article(application.ground)
    general = _OUTCOME_ARTICLES.get(application.outcome, "")
    if not general or (ground and ground.startswith(general)):
        return ground
    return "、".join(a for a in (ground, general) if a)


def _decision(application: DisclosureApplication) -> str:
    outcome, ground = application.outcome, application.ground
    basis = f"根据{LAW}{_basis(application)}的规定"
    label = ground_label(ground) if ground else ""
    if outcome == Outcome.RELEASE:
        return (
            f"经审查，您申请获取的信息属于可以公开的政府信息。{basis}，本机关予以公开。"
        )
    if outcome == Outcome.PARTIAL:
        withheld = f"（理由：{label}）" if label else ""
        return (
            "经审查，您申请获取的信息中含有不应当公开的内容，但能够作区分处理。"
            f"{basis}，本机关向您提供可以公开的政府信息内容，"
            f"不应当公开的内容{withheld}不予公开。"
        )
    if outcome == Outcome.WITHHOLD:
        return (
            f"经审查，您申请获取的信息不予公开的理由为：{label}。"
            f"{basis}，本机关不予公开。"
        )
    if ground == Ground.UNABLE_NOT_HELD and application.other_agency.strip():
        return (
            "经查，您申请获取的信息不属于本机关负责公开的政府信息。"
            f"根据{LAW}第三十六条第（五）项的规定，负责公开该政府信息的机关为"
            f"{application.other_agency.strip()}，请您向该机关提出申请。"
        )
    verdict = {
        Outcome.UNABLE: "本机关无法提供",
        Outcome.NOT_PROCESSED: "本机关不予处理",
    }.get(outcome, "本机关不再处理该政府信息公开申请")
    return f"经审查，您的申请属于以下情形：{label or '其他'}。{basis}，{verdict}。"
