"""Service (送达): every decision served, each method with what it requires."""

from collections.abc import Iterator

from dossiers.findings import Severity
from dossiers.models import Material
from dossiers.rules.base import CaseFacts, path_of, rule
from dossiers.rules.evidence import witness_evidence

NO_WITNESS = "已核对著录的见证人、送达信息中的见证人和文书文字层，均未记明见证人。"

SERVICE = "送达"


@rule(
    "decision_not_served",
    severity=Severity.ERROR,
    article="000 §22；003 §18",
    category=SERVICE,
)
def decision_not_served(facts: CaseFacts) -> Iterator[tuple]:
    served = [
        m
        for m in facts.materials
        if m.service or "送达回证" in m.doc_type or "送达" in m.doc_type
    ]
    for decision in facts.with_doc_type("决定书"):
        if not any(s.date >= decision.date for s in served):
            yield (
                path_of(decision),
                "决定书没有对应的送达回证或送达记录。",
                {"evidence": "依据：送达信息与文书种类含“送达”的材料及其日期。"},
            )


@rule(
    "left_at_residence_without_witness",
    severity=Severity.ERROR,
    article="000 §24；002 §13",
    category=SERVICE,
)
def left_at_residence_without_witness(facts: CaseFacts) -> Iterator[tuple]:
    for m in facts.materials:
        if (m.service or {}).get("method") != "left_at_residence":
            continue
        witness, _ = witness_evidence(m, facts.text_of(m))
        if not witness:
            yield (
                path_of(m),
                "留置送达应当记明见证人，该送达记录没有见证人。",
                {"evidence": NO_WITNESS},
            )


def needs_witness(material: Material) -> bool:
    method = (material.service or {}).get("method")
    return material.signature_refused or method == "left_at_residence"


@rule(
    "witness_read_from_text",
    severity=Severity.INFO,
    article="000 §11、§24",
    category=SERVICE,
)
def witness_read_from_text(facts: CaseFacts) -> Iterator[tuple]:
    """A witness written in the document but not in its metadata: say so."""
    for m in filter(needs_witness, facts.materials):
        witness, source = witness_evidence(m, facts.text_of(m))
        if witness and "文字层" in source:
            yield (
                path_of(m),
                f"著录信息未填写见证人，文书中记有见证人“{witness}”；"
                "如属实请更正著录信息。",
                {"evidence": f"依据：{source}", "witness": witness},
            )


@rule(
    "public_notice_without_reason",
    severity=Severity.ERROR,
    article="000 §27",
    category=SERVICE,
)
def public_notice_without_reason(facts: CaseFacts) -> Iterator[tuple]:
    for m in facts.materials:
        service = m.service or {}
        if (
            service.get("method") == "public_notice"
            and not service.get("reason", "").strip()
        ):
            yield (
                path_of(m),
                "公告送达应当记明其他方式无法送达的原因，该送达记录没有说明。",
                {"evidence": "依据：送达信息中的公告送达原因。"},
            )


@rule(
    "mail_without_receipt",
    severity=Severity.WARNING,
    article="000 §25",
    category=SERVICE,
)
def mail_without_receipt(facts: CaseFacts) -> Iterator[tuple]:
    for m in facts.materials:
        service = m.service or {}
        if service.get("method") == "mail" and not service.get("receipt_path"):
            yield (
                path_of(m),
                "邮寄送达应当留存邮件回执，该送达记录没有回执。",
                {"evidence": "依据：送达信息中的回执文件。"},
            )
