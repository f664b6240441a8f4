"""The regulation-check report of a dossier, as CSV (UTF-8 with BOM for Excel).

One row per finding with its severity, file, message and the article it
enforces, followed by the override reason when the dossier was sealed with
findings outstanding.
"""

from dossiers.findings import Finding, Severity
from dossiers.models import Dossier
from dossiers.spreadsheets import csv_bytes

HEADER = ["级别", "类别", "代码", "文件", "问题", "依据"]


def findings_csv(dossier: Dossier, findings: list[Finding]) -> bytes:
    """Write `findings` (from `dossier_findings`) as a CSV report."""
    rows = [["档号", dossier.archival_code, "版本", dossier.version], HEADER]
    for f in findings:
        label = Severity.LABELS.get(f.severity, f.severity)
        rows.append([label, f.category, f.code, f.path, f.message, f.article])
    if dossier.override_reason:
        rows.append(["封存理由", dossier.override_reason])
    return csv_bytes(rows)
