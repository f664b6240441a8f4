"""The rule registry and the facts every rule reads."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from dossiers.codes import AV_FORMS
from dossiers.dates import local_day
from dossiers.findings import Finding, FindingKind
from dossiers.models import Agency, Case, Dossier, Material


@dataclass(frozen=True)
class Rule(FindingKind):
    """A kind of finding and the check that finds it."""

    check: Callable[[Any], Iterable[tuple]]

    def run(self, subject: Any) -> Iterator[Finding]:
        # A check yields (path, message), (path, message, detail) or (path,
        # message, detail, severity); the detail names the evidence the rule
        # used ({"evidence": "…"}), the severity overrides the rule's for this
        # one finding (a late 历史补录 is information, not a warning).
        for path, message, *rest in self.check(subject):
            kind = replace(self, severity=rest[1]) if len(rest) > 1 else self
            yield kind.at(path, message, rest[0] if rest else None)


CASE_JSON = "data/case.json"  # where a finding about the case metadata points
RULES: list[Rule] = []
DOSSIER_RULES: list[Rule] = []


def rule(code: str, *, severity: str, article: str, category: str, of: str = "case"):
    """Register a check that yields (path, message[, detail]) for each violation.

    `of` names what the check reads: "case" (a `CaseFacts`; run at ingest and
    before sealing by `case_check`) or "dossier" (a `Dossier`: what the
    archivist fills in when assembling; run before sealing by `dossier_check`).
    """
    registry = {"case": RULES, "dossier": DOSSIER_RULES}[of]

    def register(check):
        registry.append(Rule(code, severity, article, category, check))
        return check

    return register


@dataclass
class CaseFacts:
    """A case and its materials, as the rules see them."""

    case: Case
    materials: list[Material]
    archived_on: dt.date

    @classmethod
    def of(cls, case: Case, *, archived_on: dt.date | None = None) -> "CaseFacts":
        materials = list(case.materials.select_related("text").order_by("sequence"))
        received = archived_on or local_day(case.ingested_at)
        return cls(case=case, materials=materials, archived_on=received)

    @property
    def agency(self) -> Agency:
        return self.case.agency

    @cached_property
    def av(self) -> list[Material]:
        return [m for m in self.materials if m.form in AV_FORMS]

    def with_doc_type(self, *keywords: str) -> list[Material]:
        return [m for m in self.materials if any(k in m.doc_type for k in keywords)]

    def av_for(self, activity: str) -> list[Material]:
        return [m for m in self.av if m.activity == activity]

    def text_of(self, material: Material) -> str:
        """The material's text layer (empty when none was extracted)."""
        try:
            return "\n".join(material.text.pages)
        except ObjectDoesNotExist:
            return ""


def path_of(material: Material) -> str:
    return material.path


def case_check(case: Case, *, archived_on: dt.date | None = None) -> list[Finding]:
    """Run every registered rule against a case."""
    facts = CaseFacts.of(case, archived_on=archived_on)
    return [finding for r in RULES for finding in r.run(facts)]


def dossier_check(dossier: Dossier) -> list[Finding]:
    """The rules of the dossier's case, then those of the dossier itself."""
    findings = case_check(dossier.case)
    return findings + [finding for r in DOSSIER_RULES for finding in r.run(dossier)]
