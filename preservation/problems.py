"""The vocabulary of what can be wrong with a submission package.

An *error* refuses the package; a *finding* is kept in the check report with a
severity, and a finding of severity "error" refuses the package too. Each names
the file (relative to the bag) and, where there is one, the field.
"""

from dataclasses import asdict, dataclass
from typing import Any

from dossiers.findings import Finding, Severity

__all__ = ["Finding", "PackageRefused", "Problem", "Severity"]


@dataclass(frozen=True)
class Problem:
    """A reason to refuse a package."""

    code: str
    message: str
    path: str = ""
    field: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PackageRefused(Exception):
    """Raised by a validation step; carries every problem found by that step."""

    def __init__(self, problems: list[Problem], findings: list[Finding] | None = None):
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems
        self.findings = findings or []
