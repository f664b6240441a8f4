from .agency import Agency, AvDeadline, OrderingTemplate
from .case import Case, CaseStatus, Officer, Party
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
    "AvDeadline",
    "Case",
    "CaseEvent",
    "CaseStatus",
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
