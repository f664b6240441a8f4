"""What `bag_validate` reports: one `Issue` per problem, in a `ValidationReport`.

An issue names the file (relative to the bag), and the line and the field where
there is one. Errors make a bag invalid; warnings do not. Ingest turns errors
into its `Problem`s (`as_problem`), keeping the same code, file and field.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One problem of a bag, with a Chinese message."""

    code: str
    message: str
    file: str = ""
    line: int | None = None
    field: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Issues:
    """Errors and warnings, collected in the order the checks find them."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # Two layers may see the same fault (a version both unknown to the RFC and
    # refused by the profile): it is reported once. A set, as a bag of 20,000
    # unlisted files has 20,000 issues.
    _seen: set[Issue] = field(default_factory=set, repr=False)

    def error(self, code: str, message: str, file: str = "", **where: Any) -> None:
        self._add(self.errors, Issue(code, message, file, **where))

    def warn(self, code: str, message: str, file: str = "", **where: Any) -> None:
        self._add(self.warnings, Issue(code, message, file, **where))

    def _add(self, target: list[Issue], issue: Issue) -> None:
        if issue not in self._seen:
            self._seen.add(issue)
            target.append(issue)


@dataclass
class ValidationReport:
    """The result of `bag_validate`, as the command prints it with `--json`."""

    path: str
    issues: Issues

    @property
    def valid(self) -> bool:
        return not self.issues.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "errors": [issue.as_dict() for issue in self.issues.errors],
            "warnings": [issue.as_dict() for issue in self.issues.warnings],
        }
