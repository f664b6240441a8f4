"""Writes on cases and dossiers (HackSoft-style services)."""

from dossiers.services.cases import (
    StoredFile,
    agency_get_or_create,
    case_create,
    case_event_record,
)
from dossiers.services.dossiers import (
    dossier_assemble,
    dossier_entry_move,
    dossier_findings,
    dossier_new_version,
    dossier_seal,
    dossier_update,
)

__all__ = [
    "StoredFile",
    "agency_get_or_create",
    "case_create",
    "case_event_record",
    "dossier_assemble",
    "dossier_entry_move",
    "dossier_findings",
    "dossier_new_version",
    "dossier_seal",
    "dossier_update",
]
