"""The metadata an AIP carries, as JSON that needs no database to be read.

Everything the catalogue holds about a sealed dossier goes here: the agency
and its settings, the case, parties, officers, every material with its digest
and its file inside the package, the dossier and its order, the ingest report
and the full event history (PREMIS semantics), and the case's holds (冻结)
as they stand when the package is written. `rebuild_from_aips` reads the
same shapes back, so the catalogue can be recreated from packages alone.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import models

from dossiers.dates import local_time
from dossiers.models import Case, Dossier, Material
from preservation.retention.holds import holds_of
from preservation.retention.models import Hold
from preservation.selectors import ingest_report_for_case

AIP_PROFILE = "enforcement-dossier-aip/1.0"
ORIGINALS = "originals"
# Who supplies the access log's latest signed checkpoint (the "anchor" every new
# package and disc carries): access_control registers it in its ready(), as
# preservation may not import access_control.
_log_anchor_providers: list[Callable[[], dict[str, Any] | None]] = []


def log_anchor_provider_register(provider: Callable[[], dict | None]) -> None:
    if provider not in _log_anchor_providers:
        _log_anchor_providers.append(provider)


def log_anchor() -> dict[str, Any] | None:
    """The access log's latest signed checkpoint, or None if there is none yet."""
    return _log_anchor_providers[0]() if _log_anchor_providers else None


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return local_time(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_fields(obj: models.Model, exclude: set[str] = frozenset()) -> dict[str, Any]:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.is_relation:
            continue
        data[field.name] = _value(getattr(obj, field.attname))
    return data


def original_path(material: Material) -> str:
    """Where a material's original sits inside the AIP's data/ folder."""
    return f"{ORIGINALS}/{material.path.removeprefix('data/')}"


def dossier_metadata(dossier: Dossier) -> dict[str, Any]:
    case = dossier.case
    return {
        "profile": AIP_PROFILE,
        "agency": row_fields(case.agency, {"id", "created_at"}),
        "case": row_fields(case, {"id", "agency"})
        | {
            "ingested_by": case.ingested_by.get_username() if case.ingested_by else "",
        },
        "parties": [row_fields(p, {"id"}) for p in case.parties.order_by("pk")],
        "officers": [row_fields(o, {"id"}) for o in case.officers.order_by("pk")],
        "materials": [
            row_fields(m, {"id"}) | {"file": original_path(m)}
            for m in case.materials.order_by("sequence")
        ],
        "dossiers": [
            dossier_record(d)
            for d in case.dossiers.order_by("version")
            if d.version <= dossier.version
        ],
        "ingest_report": _report(case),
        "holds": [hold_record(h) for h in holds_of(case).order_by("placed_at", "pk")],
        "access_log_anchor": log_anchor(),
    }


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    entries = dossier.entries.select_related("material").order_by("sort_order")
    return row_fields(dossier, {"id"}) | {
        "sealed_by": dossier.sealed_by.get_username() if dossier.sealed_by else "",
        "previous_version": dossier.previous.version if dossier.previous else None,
        "entries": [
            {
                "material_sequence": e.material.sequence,
                "volume": e.volume,
                "sort_order": e.sort_order,
                "page_from": e.page_from,
                "page_to": e.page_to,
            }
            for e in entries
        ],
    }


def hold_record(hold: Hold) -> dict[str, Any]:
    # Released holds too: why a case was kept past its term stays on record.
    return row_fields(hold, {"id"}) | {
        "placed_by": hold.placed_by.get_username() if hold.placed_by else "",
        "released_by": hold.released_by.get_username() if hold.released_by else "",
    }


def _report(case: Case) -> dict[str, Any] | None:
    report = ingest_report_for_case(case=case)
    if report is None:
        return None
    return row_fields(report, {"id"}) | {
        "submitted_by": report.submitted_by.get_username()
        if report.submitted_by
        else "",
    }


def events_metadata(case: Case) -> list[dict[str, Any]]:
    """The case history as PREMIS-style event records."""
    return [
        {
            "eventIdentifier": f"{case.case_number}#{e.pk}",
            "eventType": e.event_type,
            "eventDateTime": local_time(e.event_datetime).isoformat(),
            "eventDetail": e.event_detail,
            "eventOutcome": e.event_outcome,
            "eventOutcomeDetail": e.event_outcome_detail,
            "linkingAgent": e.linking_agent,
            # A person's username, or None when the agent was a program.
            "linkingAgentUser": (
                e.linking_agent_user.get_username() if e.linking_agent_user else None
            ),
        }
        for e in case.events.select_related("linking_agent_user").order_by(
            "event_datetime", "pk"
        )
    ]
