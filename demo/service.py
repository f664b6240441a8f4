"""送达: serving a decision by each method, with what each method must record.

Following 000 §22–30: 直接送达 names the signer; 留置送达 the reason, the
witness and a continuous video; 邮寄送达 the EMS number and the signed receipt;
公告送达 why other ways failed, where it was posted, a photograph of the posted
notice, and the date it counts as served.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from demo import people
from demo.story import Recording, Story
from demo.wording import cn_date, cn_time

STAGE = "service_execution"
NOTICE_DAYS = 30  # 《民事诉讼法》第九十五条: deemed served thirty days after posting
NOTICE_REASON = (
    "受送达人下落不明，经直接送达无人签收、邮寄送达被以“查无此人”退回，其他方式无法送达"
)


def serve(
    story: Story, doc: dict, *, method: str | None = None, same_day: bool = False
) -> None:
    """Serve ``doc`` by ``method`` (default: the case's service method)."""
    if not same_day:
        story.advance(1, 3)
    SERVERS[method or story.service_method](story, doc)


def _receipt(
    story: Story, doc: dict, method: str, lines: list[str], **service: Any
) -> dict:
    """送达回证 carrying the ``service`` block of its materials[] entry."""
    service = {
        "method": method,
        "served_on": story.clock.date().isoformat(),
        "server": story.officers[0].name,
        "recipient": story.party.name,
        **service,
    }
    refused = service.pop("refused", None)
    story.facts["served_on"] = datetime.fromisoformat(service["served_on"])
    number = doc["doc_number"] or "无文号"
    paragraphs = [
        f"送达文书名称及文号：{doc['doc_type']}（{number}）",
        f"受送达人：{story.party.name}",
        f"送达地点：{story.party.address}",
        *lines,
        f"送达人：{story.officer_names}",
    ]
    signatures = [f"送达人（签名）：{story.officer_names}"]
    if service.get("witness"):
        # The witness signs the receipt too (000 §24), as the metadata says.
        signatures.append(f"见证人（签名）：{service['witness']}")
    return story.add_text(
        STAGE,
        "送达回证",
        paragraphs,
        sealed=False,
        signatures=signatures,
        service=service,
        signature_refused=refused,
    )


def _direct(story: Story, doc: dict) -> None:
    signed = f"受送达人签收：{story.party.contact.name}（{cn_time(story.clock)}）"
    _receipt(story, doc, "direct", ["送达方式：直接送达", signed])


def _left(story: Story, doc: dict) -> None:
    start = story.clock
    end = story.later(story.rng.randint(10, 25))
    witness = f"{people.person(story.rng, story.agency).name}（所在社区工作人员）"
    story.add_video(
        Recording(
            STAGE,
            "留置送达录像",
            "service_left_at_residence",
            start,
            end,
            "受送达人拒绝签收及留置送达全过程",
        ),
        scene="site",
    )
    account = (
        f"留置情况：受送达人{story.party.contact.name}拒绝签收，送达人邀请见证人"
        f"{witness}到场，于{cn_time(end)}将文书留置于受送达人住所，"
        "并采用录像方式记录送达过程。"
    )
    _receipt(
        story,
        doc,
        "left_at_residence",
        ["送达方式：留置送达", account],
        witness=witness,
        reason="受送达人拒绝签收",
        refused=True,
    )


def _mail(story: Story, doc: dict) -> None:
    sent = story.clock
    tracking = "11" + "".join(story.rng.choices("0123456789", k=11))
    story.advance(2, 4)
    receipt = _mail_receipt(story, doc, tracking, sent)
    lines = [
        "送达方式：邮寄送达（EMS）",
        f"邮件号码：{tracking}",
        f"交寄时间：{cn_time(sent)}",
        f"签收时间：{cn_time(story.clock)}",
    ]
    _receipt(story, doc, "mail", lines, receipt_path=receipt["path"])


def _mail_receipt(story: Story, doc: dict, tracking: str, sent: datetime) -> dict:
    post = f"中国邮政集团有限公司{story.agency.city}市分公司"
    signer = story.party.contact.name
    paragraphs = [
        f"邮件号码：{tracking}（EMS）",
        f"寄件人：{story.agency.name}",
        f"收件人：{story.party.name}（{signer}）",
        f"收件地址：{story.party.address}",
        f"内件品名：{doc['doc_type']}（{doc['doc_number']}）",
        f"收寄时间：{cn_time(sent)}",
        f"妥投时间：{cn_time(story.clock)}",
        f"签收人：{signer}（本人签收）",
    ]
    return story.add_text(
        STAGE,
        "邮件签收回执",
        paragraphs,
        heading=post,
        author=post,
        seal=f"{story.agency.city}邮政速递",
    )


def _public_notice(story: Story, doc: dict) -> None:
    deemed = story.clock + timedelta(days=NOTICE_DAYS)
    story.add_text(
        STAGE, "公告", _notice_text(story, doc), doc_number=story.doc_number("公")
    )
    posted = story.later(30)
    story.add_photo(
        Recording.snapshot(
            STAGE,
            "公告张贴照片",
            "service_public_notice",
            posted,
            "公告已在受送达人住所地张贴",
        ),
        scene="notice",
        caption=f"公告张贴 {story.party.address[-12:]}",
    )
    lines = [
        "送达方式：公告送达",
        f"公告时间：{cn_date(posted)}",
        f"视为送达日期：{cn_date(deemed)}",
    ]
    served_on = deemed.date().isoformat()
    _receipt(
        story, doc, "public_notice", lines, served_on=served_on, reason=NOTICE_REASON
    )
    story.clock = max(story.clock, deemed)


def _notice_text(story: Story, doc: dict) -> list[str]:
    you, decided = story.party.you, cn_date(datetime.fromisoformat(doc["date"]))
    return [
        f"{story.party.name}：",
        f"本机关于{decided}对{you}作出《{doc['doc_type']}》（{doc['doc_number']}）。"
        f"因{NOTICE_REASON}，依照《中华人民共和国行政处罚法》第六十一条、"
        f"《中华人民共和国民事诉讼法》第九十五条的规定，向{you}公告送达。"
        "自公告发布之日起经过三十日，即视为送达。",
        f"公告载体：本机关公告栏、受送达人住所地及{story.agency.name}门户网站。",
    ]


SERVERS = {
    "direct": _direct,
    "left_at_residence": _left,
    "mail": _mail,
    "public_notice": _public_notice,
}
