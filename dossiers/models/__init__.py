from .agency import Agency
from .case import Case, CaseStatus, Officer, Party
from .event import CaseEvent, EventOutcome, EventType
from .material import Material

__all__ = [
    "Agency",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "EventOutcome",
    "EventType",
    "Material",
    "Officer",
    "Party",
]
