"""Chinese wording shared by the demo 文书: dates, times, amounts in 大写.

``penalty_text`` and ``evidence`` phrase what a case decided and what it
rests on, from the story's own facts and materials.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from demo.story import Story

DIGITS = "零壹贰叁肆伍陆柒捌玖"
NOT_EVIDENCE = ("告知书", "申请书", "通知书", "情况说明")


def cn_date(value: date | datetime) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def cn_time(value: datetime) -> str:
    return f"{cn_date(value)}{value.hour}时{value.minute:02d}分"


def cn_span(start: datetime, end: datetime) -> str:
    return f"{cn_time(start)}至{end.hour}时{end.minute:02d}分"


def iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _four_digits(number: int) -> str:
    out, pending_zero = "", False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = number // 10**power % 10
        if digit:
            out += ("零" if pending_zero else "") + DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def money_upper(amount: int) -> str:
    """Write whole yuan below one hundred million in 大写, e.g. 贰万元整."""
    wan, rest = divmod(amount, 10000)
    text = _four_digits(wan) + "万" if wan else ""
    if rest:
        text += ("零" if wan and rest < 1000 else "") + _four_digits(rest)
    return (text or "零") + "元整"


def money(amount: int) -> str:
    return f"人民币{amount:,}元（大写：{money_upper(amount)}）"


def penalty_text(story: Story) -> str:
    return "警告" if not story.fine else f"罚款{money(story.fine)}"


def evidence(story: Story) -> str:
    """The evidence gathered so far, named by document type."""
    kinds = dict.fromkeys(
        m["doc_type"]
        for m in story.materials
        if m["stage"] == "investigation" or m.get("activity")
    )
    return "、".join(k for k in kinds if not k.endswith(NOT_EVIDENCE))
