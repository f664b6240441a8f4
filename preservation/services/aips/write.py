"""Archival packages (AIPs): a sealed dossier version as a BagIt 1.0 bag.

`package_write` builds the bag in a staging folder on the storage's file
system — originals copied out of content-addressed storage (each re-verified
against its recorded digest on the way), the dossier's documents, the
metadata and the event history — validates it with bagit-python's own
validator, then renames it into place in the primary location and copies it
into the replica location the same way. A crash leaves at most a staging
folder, never a half package under a final name. Existing packages are never
overwritten: a new dossier version gets a new package.

Writing is resumable: a run killed after the primary bag was placed (before
the replica or the `Package` row) is completed by the next run. A bag found
at the final path is adopted if it validates in full and belongs to this
dossier version (档号, version and every original's digest); anything else
there (a partial or foreign bag) is moved aside to `.aside-*` beside it — for
the storage janitor — and rewritten. The replica is then made a copy of the
primary bag, and the row records what the primary bag holds.
"""

from pathlib import Path

import bagit
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.dates import local_time
from dossiers.documents.kinds import KINDS, document_render
from dossiers.models import Dossier, DossierState, EventType
from dossiers.services import case_event_record
from preservation import files
from preservation.models import Package, PackageLocation
from preservation.services import storage
from preservation.services.aips.bag import (
    BagBuilder,
    PackageWriteError,
    bag_adopt,
    bag_place,
    bag_validate,
    json_bytes,
    location_root,
    package_row_create,
    staging,
    tag_files_write,
    tagmanifest,
)
from preservation.services.aips.metadata import (
    dossier_metadata,
    events_metadata,
    original_path,
)

AGENT = "enforcement-archive AIP writer"
__all__ = ["PackageWriteError", "location_root", "package_write"]


def package_identifier(dossier: Dossier) -> str:
    return f"{dossier.archival_code}.v{dossier.version}"


def package_relative_path(dossier: Dossier) -> str:
    safe = "".join(
        c if c.isalnum() or c in "-_." else "_" for c in dossier.archival_code
    )
    fonds = "".join(c if c.isalnum() else "_" for c in dossier.case.agency.fonds)
    return f"aips/{fonds}/{safe}/v{dossier.version}"


def package_path(package: Package, location: str) -> Path:
    return location_root(location) / package.relative_path


def package_write(*, dossier: Dossier) -> Package:
    """Write (or return the existing) AIP of a sealed dossier version.

    Raises:
        ValidationError: if the dossier is not sealed.
        PackageWriteError: if an original no longer matches its digest, the bag
            does not validate, or a different package already sits at the path.
    """
    existing = Package.objects.filter(dossier=dossier).first()
    if existing:
        return existing
    if dossier.state == DossierState.DRAFT:
        raise ValidationError("只有已封存的案卷才能生成长期保存包。")
    rel = package_relative_path(dossier)
    primary = location_root(PackageLocation.PRIMARY) / rel
    if not _adopt(primary, dossier):
        _write_primary(dossier, rel)
    replica = location_root(PackageLocation.REPLICA) / rel
    if not _adopt(replica, dossier, tagmanifest=files.digest(tagmanifest(primary))):
        _place(primary, location_root(PackageLocation.REPLICA), rel)
    return _record(dossier, primary, rel)


def _write_primary(dossier: Dossier, rel: str) -> None:
    with staging() as folder:
        bag = _build(dossier, folder / "bag")
        _place(bag.root, location_root(PackageLocation.PRIMARY), rel)


def _adopt(final: Path, dossier: Dossier, *, tagmanifest: str = "") -> bool:
    """Keep a complete bag of this dossier version at `final`; move anything else aside.

    With `tagmanifest`, the bag must also be that exact bag (the replica of
    the primary).
    """
    return bag_adopt(
        final, lambda bag: _belongs(bag, dossier), tagmanifest_sha256=tagmanifest
    )


def _belongs(bag: bagit.Bag, dossier: Dossier) -> bool:
    info = bag.info
    if (info.get("External-Identifier"), info.get("Package-Version")) != (
        dossier.archival_code,
        str(dossier.version),
    ):
        return False
    originals = {
        f"data/{original_path(m)}": m.digest for m in dossier.case.materials.all()
    }
    found = {
        path: digests.get("sha256")
        for path, digests in bag.entries.items()
        if path.startswith("data/originals/")
    }
    return found == originals


def _algorithms(dossier: Dossier) -> tuple[str, ...]:
    if dossier.case.agency.sm3_manifests:
        return ("sha256", "sm3")
    return ("sha256",)


def _build(dossier: Dossier, root: Path) -> BagBuilder:
    bag = BagBuilder(root=root, algorithms=_algorithms(dossier))
    for material in dossier.case.materials.order_by("sequence"):
        digests = bag.add_original(
            original_path(material), storage.object_path(material.digest)
        )
        if digests["sha256"] != material.digest:
            raise PackageWriteError(
                f"原件 {material.path} 与登记的摘要不符，存储中的副本可能已损坏；"
                "请先运行固定性审计修复后再生成保存包。"
            )
    for slug in KINDS:
        kind, content = document_render(
            dossier, slug, open_material=lambda m: storage.object_open(m.digest)
        )
        bag.add_bytes(f"documents/{slug}.{kind.suffix}", content)
    metadata = {
        "metadata/dossier.json": dossier_metadata(dossier),
        "metadata/events.json": events_metadata(dossier.case),
    }
    for rel, data in metadata.items():
        bag.add_bytes(rel, json_bytes(data))
    tag_files_write(bag, _bag_info(dossier, bag))
    _validate(root)
    return bag


def _bag_info(dossier: Dossier, bag: BagBuilder) -> dict[str, str]:
    case, agency = dossier.case, dossier.case.agency
    return {
        "Source-Organization": agency.name,
        "Organization-Identifier": agency.code,
        "External-Identifier": dossier.archival_code,
        "Internal-Sender-Identifier": package_identifier(dossier),
        "Case-Number": case.case_number,
        "Fonds": agency.fonds,
        "Archive-Number": dossier.archive_number,
        "Retention-Period": dossier.get_retention_display(),
        "Retention-Start": str(dossier.retention_start),
        "Retention-End": str(dossier.retention_end or "永久"),
        "Sealed-At": local_time(dossier.sealed_at).isoformat()
        if dossier.sealed_at
        else "",
        "Package-Version": str(dossier.version),
        "Bagging-Date": timezone.localdate().isoformat(),
        "Payload-Oxum": bag.oxum,
        "Bag-Software-Agent": AGENT,
    }


def _validate(root: Path) -> None:
    bag_validate(root)


def _place(source: Path, root: Path, rel: str) -> None:
    bag_place(source, root, rel)


@transaction.atomic
def _record(dossier: Dossier, root: Path, rel: str) -> Package:
    """Record the package as the primary bag at `root` holds it."""
    package = package_row_create(
        root=root, rel=rel, identifier=package_identifier(dossier), dossier=dossier
    )
    case_event_record(
        case=dossier.case,
        event_type=EventType.PACKAGE_CREATED,
        agent=AGENT,
        detail=f"生成长期保存包 {package.identifier}（{package.file_count} 个文件），"
        "已写入主存储和副本存储。",
        outcome_detail={
            **package.event_reference,
            "path": rel,
            "tagmanifest_sha256": package.tagmanifest_sha256,
        },
    )
    return package
