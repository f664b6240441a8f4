"""The statistics' rows of a case's newest regulation check (`CaseFinding`).

`case_event_record` calls `case_findings_refresh` whenever it records a check
event (at ingest, or a correction's re-check), in the same transaction: the
case's rows are replaced by the new check's findings. A history restored
without the service (the catalogue rebuild) asks `case_findings_from_history`.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction

from dossiers.models import CHECK_EVENTS, Case, CaseEvent, CaseFinding, Officer


@transaction.atomic
def case_findings_refresh(*, case: Case, findings: list[dict[str, Any]]) -> int:
    """Replace `case`'s finding rows by `findings` (`Finding.as_dict()`s);
    return how many rows were written."""
    CaseFinding.objects.filter(case=case).delete()
    officers = list(Officer.objects.filter(case=case).order_by("pk"))
    rows = CaseFinding.objects.bulk_create(finding_rows(case, findings, officers))
    return len(rows)


def case_findings_from_history(*, case: Case) -> int:
    """Rewrite `case`'s rows from its newest check event already recorded."""
    newest = (
        CaseEvent.objects.filter(case=case, event_type__in=CHECK_EVENTS)
        .order_by("-pk")
        .first()
    )
    found = newest.event_outcome_detail.get("findings", []) if newest else []
    return case_findings_refresh(case=case, findings=found)


def finding_rows(
    case: Case, findings: Iterable[dict[str, Any]], officers: list[Officer]
) -> Iterator[CaseFinding]:
    """One row per finding and officer (one with no officer when the case has
    none); the first officer's row is the finding's `primary` one."""
    people = [(o.name, o.certificate) for o in officers] or [("", "")]
    for finding in findings:
        for n, (name, certificate) in enumerate(people):
            yield CaseFinding(
                case_id=case.pk,
                agency_id=case.agency_id,
                department=case.department,
                received_at=case.ingested_at,
                code=finding["code"],
                article=finding.get("article", ""),
                severity=finding["severity"],
                officer=name,
                certificate=certificate,
                primary=n == 0,
            )
