"""Catalogue rows from the metadata an AIP carries: the inverse of `metadata`.

`case_restore` turns one package's `dossier.json` and `events.json` back into
the agency, the case with its parties, officers and materials, every dossier
version with its order and 页号, the accepted ingest report, the event
history and the holds, with the values recorded in the package (timestamps
included).

`tombstone_restore` does the same for a destroyed case from its disposition
batch's record (`batch.json`): the case row, its dossier versions (without
items or materials, which were destroyed), its history and its holds.

It writes inside the caller's transaction and trusts that the bag has been
validated. Choosing which package to read, putting the originals back into
storage and recording the packages themselves are left to
`preservation.services.rebuild`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.dateparse import parse_datetime

from dossiers.models import (
    Agency,
    Case,
    CaseEvent,
    Dossier,
    DossierEntry,
    Material,
    Officer,
    Party,
)
from dossiers.services.findings import case_findings_from_history
from preservation.models import Hold, IngestReport

UserLookup = Callable[[str], Any]


@dataclass
class Restored:
    """What `case_restore` created, for the caller to attach packages to."""

    case: Case
    dossiers: dict[int, Dossier]  # by version


def case_restore(
    *, metadata: dict[str, Any], events: list[dict[str, Any]], users: UserLookup
) -> Restored:
    """Create the catalogue rows of one case from its newest package's metadata.

    Args:
        metadata: the package's `data/metadata/dossier.json`.
        events: the package's `data/metadata/events.json`.
        users: returns the user with a given username, or None.

    Returns:
        The new case and its dossier versions.

    Raises:
        ValidationError: if a value does not fit the catalogue's fields.
        KeyError: if a required key is missing from the metadata.
    """
    agency = agency_restore(metadata["agency"])
    case = _case(agency, metadata["case"], users)
    _people(case, metadata)
    materials = _materials(case, metadata["materials"])
    dossiers: dict[int, Dossier] = {}
    for data in sorted(metadata["dossiers"], key=lambda d: d["version"]):
        dossier = _dossier(case, data, dossiers, users)
        _entries(dossier, data["entries"], materials)
        dossiers[dossier.version] = dossier
    if metadata.get("ingest_report"):
        _report(case, metadata["ingest_report"], users)
    _events(case, events, users)
    _holds(case, metadata.get("holds", []), users)
    return Restored(case=case, dossiers=dossiers)


def tombstone_restore(
    *, agency: dict[str, Any], tombstone: dict[str, Any], users: UserLookup
) -> Case:
    """Create the catalogue's tombstone of a destroyed case from its record.

    Args:
        agency: the batch record's `agency`.
        tombstone: the record's `destroyed` entry of the case's item.
        users: returns the user with a given username, or None.

    Raises:
        ValidationError, KeyError: as `case_restore`.
    """
    case = _case(agency_restore(agency), tombstone["case"], users)
    dossiers: dict[int, Dossier] = {}
    for data in sorted(tombstone["dossiers"], key=lambda d: d["version"]):
        dossiers[data["version"]] = _dossier(case, data, dossiers, users)
    _events(case, tombstone.get("events", []), users)
    _holds(case, tombstone.get("holds", []), users)
    return case


def row_values(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """The recorded values of a model's own fields, converted from JSON."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.is_relation or field.primary_key or field.name not in data:
            continue
        values[field.attname] = field.to_python(data[field.name])
    return values


def row_insert(obj: models.Model) -> None:
    obj.full_clean()
    # raw=True is how `loaddata` restores rows: the values are stored as given,
    # so auto_now_add timestamps (接收时间, 创建时间) keep their recorded times
    # instead of the time of the rebuild. It only ever inserts here.
    obj.save_base(raw=True)


def _bulk(model: type[models.Model], objs: list[models.Model]) -> None:
    for obj in objs:
        obj.full_clean()
    model.objects.bulk_create(objs)


def agency_restore(data: dict[str, Any]) -> Agency:
    agency = Agency.objects.filter(code=data["code"]).first()
    if agency is None:
        agency = Agency(**row_values(Agency, data))
        agency.full_clean()
        agency.save()  # its archivists group follows (access_control signal)
    return agency


def _case(agency: Agency, data: dict[str, Any], users: UserLookup) -> Case:
    case = Case(
        agency=agency,
        ingested_by=users(data.get("ingested_by", "")),
        **row_values(Case, data),
    )
    row_insert(case)
    return case


def _people(case: Case, metadata: dict[str, Any]) -> None:
    # Creation order keeps the original order (the first party names the dossier).
    _bulk(
        Party, [Party(case=case, **row_values(Party, p)) for p in metadata["parties"]]
    )
    _bulk(
        Officer,
        [Officer(case=case, **row_values(Officer, o)) for o in metadata["officers"]],
    )


def _materials(case: Case, entries: list[dict[str, Any]]) -> dict[int, Material]:
    _bulk(Material, [Material(case=case, **row_values(Material, m)) for m in entries])
    return {m.sequence: m for m in case.materials.all()}


def _dossier(
    case: Case, data: dict[str, Any], earlier: dict[int, Dossier], users: UserLookup
) -> Dossier:
    previous = data.get("previous_version")
    dossier = Dossier(
        case=case,
        previous=earlier[previous] if previous is not None else None,
        sealed_by=users(data.get("sealed_by", "")),
        **row_values(Dossier, data),
    )
    # A sealed version is created in its final state; the model refuses only
    # writes to a row already stored as sealed.
    row_insert(dossier)
    return dossier


def _entries(
    dossier: Dossier, entries: list[dict[str, Any]], materials: dict[int, Material]
) -> None:
    rows = [
        DossierEntry(
            dossier=dossier,
            material=materials[e["material_sequence"]],
            **row_values(DossierEntry, e),
        )
        for e in entries
    ]
    # bulk_create: DossierEntry.save() refuses rows of a dossier stored as sealed.
    _bulk(DossierEntry, rows)


def _report(case: Case, data: dict[str, Any], users: UserLookup) -> None:
    report = IngestReport(
        case=case,
        submitted_by=users(data.get("submitted_by", "")),
        **row_values(IngestReport, data),
    )
    row_insert(report)


def _events(case: Case, events: list[dict[str, Any]], users: UserLookup) -> None:
    # Inserted in the recorded order, so that ties on the time keep their order.
    _bulk(CaseEvent, [_event(case, e, users) for e in events])
    case_findings_from_history(case=case)  # the statistics' rows of its check


def _event(case: Case, data: dict[str, Any], users: UserLookup) -> CaseEvent:
    return CaseEvent(
        case=case,
        event_type=data["eventType"],
        event_datetime=_datetime(data["eventDateTime"]),
        event_detail=data["eventDetail"],
        event_outcome=data["eventOutcome"],
        event_outcome_detail=data["eventOutcomeDetail"],
        linking_agent=data["linkingAgent"],
        # Packages written before this key existed name the agent only.
        linking_agent_user=users(data.get("linkingAgentUser") or ""),
    )


def _holds(case: Case, holds: list[dict[str, Any]], users: UserLookup) -> None:
    # Packages written before holds existed carry none.
    rows = [
        Hold(
            case=case,
            placed_by=user_or_placeholder(data["placed_by"], users),
            released_by=users(data.get("released_by", "")),
            **row_values(Hold, data),
        )
        for data in holds
    ]
    _bulk(Hold, rows)


def user_or_placeholder(username: str, users: UserLookup):
    """The account that placed a hold; a hold must name one, so one missing
    from this installation is made again under its name, inactive and without
    a password or role: the hold stays attributed and nobody can sign in."""
    found = users(username)
    if found is not None:
        return found
    model = get_user_model()
    found = model.objects.filter(username=username).first()
    return found or model.objects.create_user(username=username, is_active=False)


def _datetime(value: str) -> dt.datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"无效的时间：{value!r}")
    return parsed
