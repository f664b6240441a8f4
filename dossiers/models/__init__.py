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
from .finding import CHECK_EVENTS, CaseFinding
from .material import Material, MaterialText, TextStatus

__all__ = [
    "CHECK_EVENTS",
    "RETENTION_CODES",
    "RETENTION_YEARS",
    "Agency",
    "AgencyChange",
    "AgencyChangeKind",
    "AvDeadline",
    "Case",
    "CaseEvent",
    "CaseFinding",
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
