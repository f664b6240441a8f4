"""The rule registry and the facts every rule reads."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist

from dossiers.codes import AV_FORMS
from dossiers.dates import local_day
from dossiers.findings import Finding
from dossiers.models import Agency, Case, Material


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    article: str
    category: str
    check: Callable[["CaseFacts"], Iterable[tuple]]

    def run(self, facts: "CaseFacts") -> Iterator[Finding]:
        # A check yields (path, message) or (path, message, detail); the detail
        # names the evidence the rule used ({"evidence": "…"}).
        for path, message, *detail in self.check(facts):
            yield Finding(
                code=self.code,
                severity=self.severity,
                message=message,
                path=path,
                article=self.article,
                category=self.category,
                detail=detail[0] if detail else {},
            )


RULES: list[Rule] = []


def rule(code: str, *, severity: str, article: str, category: str):
    """Register a check that yields (path, message[, detail]) for each violation."""

    def register(check):
        RULES.append(Rule(code, severity, article, category, check))
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
