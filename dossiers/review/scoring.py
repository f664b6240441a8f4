"""How a reviewed dossier is scored (案卷评查评分办法).

The seeds set no scoring standard, so the archive uses one simple rule,
stated in the README: each dossier starts at 100 points; every confirmed
item of its checklist deducts its points — a regulation finding of
severity 严重 (error) 10, 警告 (warning) 5 (提示 findings are not defects and
are not listed); a reviewer's own item what the reviewer sets (1–100) — and
the score never falls below 0. Grades: 优秀 ≥ 90, 合格 ≥ 60, 不合格 below.
"""

from dossiers.findings import Severity

FULL_SCORE = 100
FINDING_DEDUCTIONS = {Severity.ERROR: 10, Severity.WARNING: 5}
GRADES = ((90, "优秀"), (60, "合格"), (0, "不合格"))


def score_of(deductions) -> int:
    """The score after the confirmed items' deductions."""
    return max(0, FULL_SCORE - sum(deductions))


def grade_of(score: float | None) -> str:
    if score is None:
        return "未评查"
    return next(name for floor, name in GRADES if score >= floor)
