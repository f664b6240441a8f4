"""Findings: what a check says about a case, a file or a dossier.

Shared by the four-property check at ingest (preservation) and the regulation
rules (dossiers.rules). A finding of severity "error" blocks: a package with
one is refused at ingest when it comes from the four-property check, and a
dossier with one can only be sealed with a written override reason.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    LABELS = {ERROR: "严重", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    path: str = ""
    article: str = ""
    category: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR
