"""Writes on cases: creating a case with its parties, officers and materials, and
appending to its event history.

Callers (ingest, commands) are responsible for validating what they pass in:
these functions trust that the data has passed the submission profile, and only
enforce what the database itself must guarantee.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dossiers.models import (
    CHECK_EVENTS,
    Agency,
    Case,
    CaseEvent,
    EventOutcome,
    Material,
    Officer,
    Party,
)
from dossiers.services.findings import case_findings_refresh


@dataclass(frozen=True)
class StoredFile:
    """What storage knows about one received file."""

    path: str
    original_name: str
    media_type: str
    size: int
    digest_algorithm: str
    digest: str
    pages: int | None


@transaction.atomic
def case_create(
    *,
    agency: Agency,
    data: dict[str, Any],
    materials: list[tuple[dict[str, Any], StoredFile]],
    bag_info: dict[str, Any],
    fingerprint: str,
    user=None,
) -> Case:
    """Create a case with its parties, officers and materials.

    Args:
        agency: the owning agency.
        data: the `case` object of a validated `case.json`.
        materials: each `materials[]` entry paired with its stored file.
        bag_info: the package's bag-info tags, kept as given.
        fingerprint: the package fingerprint used to recognise duplicates.
        user: who submitted the package, if a person did.

    Returns:
        The new case.
    """
    case = Case(
        agency=agency,
        **_case_fields(data),
        **_profile_1_1_fields(agency, data),
        bag_info=bag_info,
        package_fingerprint=fingerprint,
        ingested_by=user,
    )
    case.full_clean()
    case.save()
    _case_people_create(case, data)
    for sequence, (entry, stored) in enumerate(materials, start=1):
        _material_create(case, sequence, entry, stored)
    return case


def _case_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The Case fields read from `case.json`, with its optional ones defaulted."""
    return {
        "case_number": data["case_number"],
        "title": data["title"],
        "category": data["category"],
        "procedure": data["procedure"],
        "initiation": data["initiation"],
        "opened_on": _date(data.get("opened_on")),
        "closed_on": _date(data["closed_on"]),
        "summary": data.get("summary", ""),
        "legal_basis": data.get("legal_basis", []),
        "major_case": data.get("major_case", False),
        "hearing_held": data.get("hearing_held", False),
        "long_term_triggers": data.get("long_term_triggers", []),
        "sensitivity": data.get("sensitivity", []),
    }


def _profile_1_1_fields(agency: Agency, data: dict[str, Any]) -> dict[str, Any]:
    """The optional fields of profile 1.1 (absent from 1.0 packages).

    A case is a 历史补录 when the package says so, or when it closed before
    the agency's `back_capture_closed_before`.
    """
    closed_on = _date(data["closed_on"])
    cutoff = agency.back_capture_closed_before
    return {
        "department": data.get("department", ""),
        "transferred_on": _date(data.get("transferred_on")),
        "back_capture": bool(data.get("back_capture"))
        or (cutoff is not None and closed_on < cutoff),
        "source_system": data.get("source_system", ""),
    }


def _case_people_create(case: Case, data: dict[str, Any]) -> None:
    Party.objects.bulk_create(
        Party(
            case=case,
            party_type=p["type"],
            name=p["name"],
            id_number=p.get("id_number", ""),
            address=p.get("address", ""),
        )
        for p in data.get("parties", [])
    )
    Officer.objects.bulk_create(
        Officer(case=case, name=o["name"], certificate=o["certificate"])
        for o in data.get("officers", [])
    )


def _material_create(
    case: Case, sequence: int, entry: dict[str, Any], stored: StoredFile
) -> Material:
    material = Material(
        case=case,
        sequence=sequence,
        path=stored.path,
        original_name=stored.original_name,
        stage=entry["stage"],
        form=entry["form"],
        doc_type=entry["doc_type"],
        doc_number=entry.get("doc_number", ""),
        author=entry.get("author", ""),
        title=entry["title"],
        date=_date(entry["date"]),
        activity=entry.get("activity", ""),
        av=entry.get("av", {}),
        service=entry.get("service", {}),
        signature_refused=entry.get("signature_refused", False),
        witness=entry.get("witness", ""),
        sensitivity=entry.get("sensitivity", []),
        pages=stored.pages,
        media_type=stored.media_type,
        size=stored.size,
        digest_algorithm=stored.digest_algorithm,
        digest=stored.digest,
    )
    material.full_clean(exclude=["case"])
    material.save()
    return material


def case_event_record(
    *,
    case: Case,
    event_type: str,
    outcome: str = EventOutcome.SUCCESS,
    detail: str = "",
    outcome_detail: dict[str, Any] | None = None,
    user=None,
    agent: str = "",
    at: dt.datetime | None = None,
) -> CaseEvent:
    """Append one event to a case's history.

    Args:
        case: the case the event concerns.
        event_type: an `EventType` code.
        outcome: an `EventOutcome` code.
        detail: a human-readable sentence (Chinese).
        outcome_detail: structured detail kept as JSON.
        user: the person who caused the event, if any.
        agent: the agent's name when no user is given (a program, a command).
        at: when it happened; now by default.
    """
    event = CaseEvent(
        case=case,
        event_type=event_type,
        event_datetime=at or timezone.now(),
        event_detail=detail,
        event_outcome=outcome,
        event_outcome_detail=outcome_detail or {},
        linking_agent=(user.get_username() if user else agent) or "system",
        linking_agent_user=user,
    )
    event.full_clean(exclude=["case", "linking_agent_user"])
    with transaction.atomic():
        event.save()
        if event_type in CHECK_EVENTS:  # the statistics' rows follow the check
            findings = event.event_outcome_detail.get("findings", [])
            case_findings_refresh(case=case, findings=findings)
    return event


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
