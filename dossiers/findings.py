"""Findings: what a check says about a case, a file or a dossier.

Shared by the four-property check at ingest (preservation) and the regulation
rules (dossiers.rules). A finding of severity "error" blocks: a package with
one is refused at ingest when it comes from the four-property check, and a
dossier with one can only be sealed with a written override reason.

There is one way to make a finding: declare its `FindingKind` (code, a
`Severity` constant, article, category) and call `kind.at(path, message)`.
The regulation rules declare theirs with `@rule(...)` (`dossiers.rules.base`,
whose `Rule` is a kind with a check); the four-property check declares its
kinds in `preservation.services.ingest.four_checks`. Nothing else builds a `Finding`.
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


@dataclass(frozen=True)
class FindingKind:
    """What every finding of one code shares; `at` makes one of them."""

    code: str
    severity: str
    article: str
    category: str

    def at(
        self, path: str, message: str, detail: dict[str, Any] | None = None
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=self.severity,
            message=message,
            path=path,
            article=self.article,
            category=self.category,
            detail=dict(detail or {}),
        )
