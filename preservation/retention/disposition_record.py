"""A disposition batch as `batch.json`: the machine-readable half of its record.

The batch's package (`disposition_package`) carries this beside the 销毁清册
(PDF and XLSX), so that the batch can be read, and restored by
`rebuild_from_aips`, without the database: the agency, the batch itself
(who gathered, approved and witnessed it, when, how), every dossier of it
with its appraisal and its retention before and after, the dossiers left
out with their hold and, for every dossier destroyed, everything the
catalogue's tombstone holds — the case row, every dossier version, the
case's history (with its PREMIS deletion event) and holds — and the
identifiers and paths of the packages the destruction removed, so that a
copy of one that survived somewhere is never taken for a live package.

Values are recorded as they stand when the package is written; usernames
name people (a rebuild renumbers rows, never names).
"""

from typing import Any

from dossiers.models import Case, Dossier, DossierState, Retention
from preservation.retention.disposition_models import (
    DispositionBatch,
    DispositionExclusion,
    DispositionItem,
)
from preservation.retention.holds import holds_of
from preservation.services.aips import package_identifier, package_relative_path
from preservation.services.aips.metadata import (
    dossier_record,
    events_metadata,
    hold_record,
    row_fields,
)

BATCH_PROFILE = "enforcement-disposition-record/1.0"
# Who gathered, approved and cancelled a batch: recorded by username.
BATCH_PEOPLE = ("created_by", "approved_by", "cancelled_by")


def _name(user) -> str:
    return user.get_username() if user else ""


def batch_record(batch: DispositionBatch) -> dict[str, Any]:
    """The whole batch, as `data/batch.json` of its package holds it."""
    items = batch.items.select_related(
        "dossier", "dossier__case", "dossier__case__agency", "appraised_by"
    ).order_by("pk")
    exclusions = batch.exclusions.select_related(
        "dossier", "dossier__case", "hold", "hold__placed_by", "hold__released_by"
    ).order_by("pk")
    return {
        "profile": BATCH_PROFILE,
        "retention": Retention.PERMANENT.value,
        "agency": row_fields(batch.agency, {"id", "created_at"}),
        "batch": row_fields(batch, {"id"})
        | {f: _name(getattr(batch, f)) for f in BATCH_PEOPLE}
        | {"witnesses": sorted(_name(u) for u in batch.witnesses.all())},
        "items": [_item(item) for item in items],
        "exclusions": [_exclusion(row) for row in exclusions],
    }


def dossier_reference(dossier: Dossier) -> dict[str, Any]:
    """Which dossier version: 档号 and version, with what the register shows."""
    return {
        "archival_code": dossier.archival_code,
        "version": dossier.version,
        "case_number": dossier.case.case_number,
        "title": dossier.title,
        "period_start": dossier.period_start and dossier.period_start.isoformat(),
        "period_end": dossier.period_end.isoformat(),
    }


def _item(item: DispositionItem) -> dict[str, Any]:
    dossier = item.dossier
    end = dossier.retention_end
    return row_fields(item, {"id"}) | {
        "appraised_by": _name(item.appraised_by),
        "dossier": dossier_reference(dossier),
        "retention_after": dossier.retention,
        "retention_end_after": end.isoformat() if end else None,
        "retention_reason_after": dossier.retention_reason,
        "destroyed": _tombstone(dossier.case) if dossier.destroyed_at else None,
    }


def _exclusion(row: DispositionExclusion) -> dict[str, Any]:
    return {
        "dossier": dossier_reference(row.dossier),
        "reason": row.reason,
        "hold": hold_record(row.hold) if row.hold else None,
    }


def _tombstone(case: Case) -> dict[str, Any]:
    """What the catalogue keeps of a destroyed case, and the packages it lost."""
    versions = list(case.dossiers.order_by("version"))
    return {
        "case": row_fields(case, {"id", "agency"})
        | {"ingested_by": _name(case.ingested_by)},
        "dossiers": [dossier_record(d) for d in versions],
        "packages": [
            {
                "identifier": package_identifier(d),
                "relative_path": package_relative_path(d),
                "version": d.version,
            }
            for d in versions
            if d.state != DossierState.DRAFT
        ],
        "events": events_metadata(case),
        "holds": [hold_record(h) for h in holds_of(case).order_by("placed_at", "pk")],
    }
