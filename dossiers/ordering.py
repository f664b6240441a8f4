"""Ordering templates: where each material goes in the bound dossier.

`chronological` follows 000 §33: by stage, then date, then 文号.
`penalty` follows the customary 行政处罚 dossier: the 正卷 holds, in order, the
立案审批表, the decision and its 送达回证, the other documents served, the
records (笔录), the evidence, and property/payment papers; internal
deliberation (呈批表, 法制审核, 集体讨论, 结案报告) goes to the 副卷.
Archivists may reorder afterwards; this only proposes the first order.
"""

from collections.abc import Callable

from dossiers.codes import AV_FORMS, Stage
from dossiers.models import Material, OrderingTemplate, Volume

STAGE_ORDER = {code: i for i, code in enumerate(Stage.values)}

# 副卷: internal deliberation, never shown to the party.
SECONDARY_KEYWORDS = ("呈批", "法制审核", "集体讨论", "结案", "讨论记录", "审查意见")
# 正卷 groups: (binding rank, name, test). Tests run in list order and the
# first match wins, so the catch-all evidence group is tested last although it
# is bound before property and payment papers.
PENALTY_GROUPS: list[tuple[int, str, Callable[[Material], bool]]] = [
    (0, "立案", lambda m: "立案" in m.doc_type or m.stage == Stage.INITIATION),
    (1, "决定书", lambda m: "决定书" in m.doc_type),
    (2, "决定书送达", lambda m: _is_receipt(m) and m.stage == Stage.SERVICE_EXECUTION),
    (3, "其他送达文书", lambda m: _is_served_document(m) or _is_receipt(m)),
    (4, "笔录", lambda m: "笔录" in m.doc_type),
    (6, "财物与缴款", lambda m: any(k in m.doc_type for k in ("缴", "罚没", "财物"))),
    (5, "证据", lambda m: True),
]


def _is_receipt(m: Material) -> bool:
    return "送达回证" in m.doc_type or bool(m.service)


def _is_served_document(m: Material) -> bool:
    return any(k in m.doc_type for k in ("告知书", "通知书", "催告", "责令"))


def _within(m: Material) -> tuple:
    return (m.date, m.doc_number, m.sequence)


def chronological(materials: list[Material]) -> list[tuple[Material, str]]:
    ordered = sorted(materials, key=lambda m: (STAGE_ORDER[m.stage], *_within(m)))
    return [(m, Volume.MAIN) for m in ordered]


def _penalty_group(m: Material) -> int:
    for rank, _name, test in PENALTY_GROUPS:
        if test(m):
            # Audio/video evidence sorts after documentary evidence.
            return rank + (0.5 if m.form in AV_FORMS else 0)
    return len(PENALTY_GROUPS)


def penalty(materials: list[Material]) -> list[tuple[Material, str]]:
    secondary = [
        m for m in materials if any(k in m.doc_type for k in SECONDARY_KEYWORDS)
    ]
    main = [m for m in materials if m not in secondary]
    main.sort(key=lambda m: (_penalty_group(m), *_within(m)))
    secondary.sort(key=_within)
    return [(m, Volume.MAIN) for m in main] + [(m, Volume.SECONDARY) for m in secondary]


TEMPLATES = {
    OrderingTemplate.CHRONOLOGICAL: chronological,
    OrderingTemplate.PENALTY: penalty,
}


def order_materials(
    materials: list[Material], template: str
) -> list[tuple[Material, str]]:
    """Materials in binding order, each with its volume (正卷/副卷)."""
    return TEMPLATES[template](list(materials))
