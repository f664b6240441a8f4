"""Writes on cases and dossiers (HackSoft-style services)."""

from dossiers.services.agencies import (
    MergeResult,
    agency_merge,
    agency_register,
    agency_update,
)
from dossiers.services.cases import (
    StoredFile,
    case_create,
    case_event_record,
)
from dossiers.services.dossiers import (
    compiler_default,
    dossier_assemble,
    dossier_entry_move,
    dossier_findings,
    dossier_new_version,
    dossier_seal,
    dossier_update,
)

__all__ = [
    "MergeResult",
    "StoredFile",
    "agency_merge",
    "agency_register",
    "agency_update",
    "case_create",
    "case_event_record",
    "compiler_default",
    "dossier_assemble",
    "dossier_entry_move",
    "dossier_findings",
    "dossier_new_version",
    "dossier_seal",
    "dossier_update",
]
