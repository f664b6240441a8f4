from .agency import Agency, AgencyChange, AgencyChangeKind, AvDeadline, OrderingTemplate
from .case import Case, CaseState, Officer, Party
from .dossier import (
    RETENTION_CODES,
    RETENTION_YEARS,
    Dossier,
    DossierEntry,
    DossierState,
    Retention,
    Volume,
)
from .event import CaseEvent, EventOutcome, EventType
from .material import Material, MaterialText, TextStatus

__all__ = [
    "RETENTION_CODES",
    "RETENTION_YEARS",
    "Agency",
    "AgencyChange",
    "AgencyChangeKind",
    "AvDeadline",
    "Case",
    "CaseEvent",
    "CaseState",
    "Dossier",
    "DossierEntry",
    "DossierState",
    "EventOutcome",
    "EventType",
    "Material",
    "MaterialText",
    "Officer",
    "OrderingTemplate",
    "Party",
    "Retention",
    "TextStatus",
    "Volume",
]
