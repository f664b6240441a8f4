"""The JSON shapes of the producers' API, as published in its OpenAPI document."""

from typing import Any, Literal

from ninja import Schema

from dossiers.models import Case, Dossier


class Error(Schema):
    code: str
    message: str
    detail: Any = None


class SipCreated(Schema):
    id: int


class SipStatus(Schema):
    id: int
    state: Literal["queued", "running", "accepted", "refused", "duplicate"]
    progress: dict[str, Any]
    report: dict[str, Any] | None


class DossierStatus(Schema):
    state: str
    state_label: str
    version: int
    archival_code: str
    retention: str
    retention_label: str
    retention_end: str | None


class CaseStatus(Schema):
    case_number: str
    ingested: bool
    ingested_at: str
    state: str
    dossier: DossierStatus | None


def case_status(case: Case, dossier: Dossier | None) -> dict:
    """What a producer is told about its own case."""
    return {
        "case_number": case.case_number,
        "ingested": True,
        "ingested_at": case.ingested_at.isoformat(),
        "state": case.state,
        "dossier": _dossier_status(dossier) if dossier else None,
    }


def _dossier_status(dossier: Dossier) -> dict:
    end = dossier.retention_end
    return {
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "version": dossier.version,
        "archival_code": dossier.archival_code,
        "retention": dossier.retention,
        "retention_label": dossier.get_retention_display(),
        "retention_end": end.isoformat() if end else None,
    }
