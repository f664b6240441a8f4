"""The vocabulary of what can be wrong with a submission package.

An *error* refuses the package; a *finding* is kept in the check report with a
severity, and a finding of severity "error" refuses the package too. Each names
the file (relative to the bag) and, where there is one, the field.

Findings (`Finding`, made only through a `FindingKind`, see `dossiers.findings`)
judge content: they carry a severity and the article they apply, and are kept.
Everything else a check reports is a `ReportLine`: what is wrong, and where,
with no severity because its place already says how bad it is:

- `Problem` refuses a package (ingest's `errors`): code, file, field, line;
- `FixityProblem` (`services.fixity`) is damage in one stored copy of an AIP,
  kept in `FixityCheck.problems`: code and file, the copy named by the check;
- `RebuildMessage` (`services.rebuild`) is one line of a rebuild report about
  a package folder; whether it is a problem or a note is the list it sits in;
- `PdfProblem` (`services.pdf_check`) is not reported itself: the four-property
  check turns each into a finding naming the file.

Their fields keep their historical order, which is the order of the keys in
the JSON that operators read (`ingest --json`, `fixity_audit --json`,
`rebuild_from_aips --json`).
"""

from dataclasses import asdict, dataclass
from typing import Any

from dossiers.findings import Finding, FindingKind, Severity

__all__ = [
    "Finding",
    "FindingKind",
    "PackageRefused",
    "Problem",
    "ReportLine",
    "Severity",
]


class ReportLine:
    """Base of what a check reports that is not a finding (see above).

    Subclasses are frozen dataclasses whose fields include a `message`
    (a Chinese sentence) and the path of what it is about.
    """

    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Problem(ReportLine):
    """A reason to refuse a package; `line` is the line of the file that the
    validator knows the problem on (a manifest's, case.json's), or None."""

    code: str
    message: str
    path: str = ""
    field: str = ""
    line: int | None = None


class PackageRefused(Exception):
    """Raised by a validation step; carries every problem found by that step."""

    def __init__(self, problems: list[Problem], findings: list[Finding] | None = None):
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems
        self.findings = findings or []
