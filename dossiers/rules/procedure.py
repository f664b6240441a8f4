"""Investigation and decision: what the procedure must have produced."""

from collections.abc import Iterator

from dossiers.findings import Severity
from dossiers.rules.base import CASE_JSON, CaseFacts, path_of, rule
from dossiers.rules.evidence import witness_evidence
from dossiers.rules.service import NO_WITNESS

PROCEDURE = "执法程序"


@rule(
    "major_case_without_legal_review",
    severity=Severity.ERROR,
    article="003 §15；001 §13",
    category=PROCEDURE,
)
def major_case_without_legal_review(facts: CaseFacts) -> Iterator[tuple]:
    if facts.case.major_case and not facts.with_doc_type("法制审核"):
        yield (
            CASE_JSON,
            "重大案件应当经过法制审核，案卷中没有法制审核意见。",
            {"evidence": "依据：case.json 的重大案件标记与各材料的文书种类。"},
        )


@rule(
    "major_case_without_collective_discussion",
    severity=Severity.ERROR,
    article="003 §15",
    category=PROCEDURE,
)
def major_case_without_collective_discussion(
    facts: CaseFacts,
) -> Iterator[tuple]:
    if facts.case.major_case and not facts.with_doc_type("集体讨论"):
        yield (
            CASE_JSON,
            "重大案件应当经负责人集体讨论决定，案卷中没有集体讨论记录。",
            {"evidence": "依据：case.json 的重大案件标记与各材料的文书种类。"},
        )


@rule(
    "hearing_without_record",
    severity=Severity.ERROR,
    article="001 §12；000 §11",
    category=PROCEDURE,
)
def hearing_without_record(facts: CaseFacts) -> Iterator[tuple]:
    held = facts.with_doc_type("听证") or [
        m for m in facts.materials if m.activity == "hearing"
    ]
    if facts.case.hearing_held and not held:
        yield (
            CASE_JSON,
            "案件举行了听证，案卷中没有听证笔录或听证记录。",
            {"evidence": "依据：case.json 的举行听证标记与材料的文书种类、环节。"},
        )


@rule(
    "signature_refused_without_witness",
    severity=Severity.ERROR,
    article="000 §11",
    category=PROCEDURE,
)
def signature_refused_without_witness(facts: CaseFacts) -> Iterator[tuple]:
    # The witness may be in the metadata or only in the document (evidence.py).
    for m in facts.materials:
        if m.signature_refused and not witness_evidence(m, facts.text_of(m))[0]:
            yield (
                path_of(m),
                "当事人拒绝签名，应当注明情况并由见证人签名，该文书没有见证人。",
                {"evidence": NO_WITNESS},
            )


@rule(
    "closing_approval_missing",
    severity=Severity.WARNING,
    article="003 §23；001 §15",
    category=PROCEDURE,
)
def closing_approval_missing(facts: CaseFacts) -> Iterator[tuple]:
    if not facts.with_doc_type("结案"):
        yield (
            CASE_JSON,
            "案卷中没有结案审批表（结案报告）。",
            {"evidence": "依据：各材料的文书种类。"},
        )
