"""The vocabulary of what can be wrong with a submission package.

An *error* refuses the package; a *finding* is kept in the check report with a
severity, and a finding of severity "error" refuses the package too. Each names
the file (relative to the bag) and, where there is one, the field.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """A reason to refuse a package."""

    code: str
    message: str
    path: str = ""
    field: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """One result of the four-property check or a regulation check."""

    code: str
    severity: str
    message: str
    path: str = ""
    article: str = ""
    category: str = ""  # 真实性 / 完整性 / 可用性 / 安全性, or a rules group
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR


class PackageRefused(Exception):
    """Raised by a validation step; carries every problem found by that step."""

    def __init__(self, problems: list[Problem], findings: list[Finding] | None = None):
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems
        self.findings = findings or []
