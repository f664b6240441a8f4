"""Completeness audit: what a fixity audit of the package copies cannot see.

Fixity checks each recorded copy. This module finds what has no record, or
no copy, at all: sealed dossier versions without a package, packages without
both copies (no row for a location, or no bag at its path), bags on disk that
no package row knows (orphans), and stored objects that no material refers
to. It only reports; the janitor collects unreferenced objects after its
grace period, `package_write --missing` writes missing packages, and orphans
are for a person to look at.

Disposition (issue #14) is expected absence, not loss: a destroyed dossier
(`destroyed_at` set) has no package and is not reported as without one. A
folder of a destroyed package still in a location (the replica was offline
when the batch was executed, say) is reported as `destroyed_still_present`,
naming the batch, for a person to destroy — never as an orphan or a loss.
The packages of disposition batches (`registers/…`, the 销毁清册) and the
agencies' retention registers (`registers/<全宗号>/retention/…`) are
packages like any other.
"""

from dataclasses import dataclass, field
from pathlib import Path

from dossiers.models import Dossier, DossierState
from preservation.models import Package, PackageLocation
from preservation.selectors import objects_unreferenced
from preservation.services.aips import (
    location_root,
    package_identifier,
    package_path,
    package_relative_path,
)
from preservation.services.janitor import stored_object_paths

_BATCH = 500
# Where bags sit in a location: dossier packages at aips/<全宗号>/<档号>/v<版本>,
# disposition batches' packages at registers/<全宗号>/<批次号>/v<版本>, an
# agency's retention register at registers/<全宗号>/retention/v<版本>.
# Dot-folders beside them are temporaries (being placed, set aside), which
# are the janitor's.
BAG_PATTERNS = ("aips/*/*/*/bagit.txt", "registers/*/*/*/bagit.txt")


@dataclass
class CompletenessReport:
    sealed_without_package: list[str] = field(default_factory=list)
    incomplete_packages: list[dict] = field(default_factory=list)
    orphan_bags: list[str] = field(default_factory=list)
    unreferenced_objects: list[str] = field(default_factory=list)
    destroyed_still_present: list[dict] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(len(v) for v in self.as_json().values())

    def as_json(self) -> dict:
        return {
            "sealed_without_package": self.sealed_without_package,
            "incomplete_packages": self.incomplete_packages,
            "orphan_bags": self.orphan_bags,
            "unreferenced_objects": self.unreferenced_objects,
            "destroyed_still_present": self.destroyed_still_present,
        }


def completeness_check() -> CompletenessReport:
    """Report every sealed dossier, package, bag and object out of place."""
    report = CompletenessReport()
    sealed = Dossier.objects.exclude(state=DossierState.DRAFT)
    live = sealed.filter(destroyed_at__isnull=True, package__isnull=True)
    report.sealed_without_package = [
        f"{d.archival_code} v{d.version}" for d in live.order_by("archival_code")
    ]
    report.incomplete_packages = list(_incomplete_packages())
    destroyed = _destroyed_paths(sealed)
    report.destroyed_still_present = list(_destroyed_present(destroyed))
    report.orphan_bags = _orphan_bags(set(destroyed))
    report.unreferenced_objects = _unreferenced_objects()
    return report


def _incomplete_packages():
    packages = Package.objects.prefetch_related("copies").order_by("identifier")
    for package in packages:
        recorded = {copy.location for copy in package.copies.all()}
        for location in PackageLocation.values:
            if location not in recorded:
                yield _missing(package, location, "没有该位置的副本记录。")
            elif not (package_path(package, location) / "bagit.txt").is_file():
                yield _missing(package, location, "该位置的保存包不存在。")


def _missing(package: Package, location: str, message: str) -> dict:
    return {"package": package.identifier, "location": location, "message": message}


def _destroyed_paths(sealed) -> dict[str, tuple[str, str]]:
    """Relative path → (identifier, batch) of every destroyed dossier version's
    package (the path is a function of 全宗号, 档号 and version)."""
    destroyed = sealed.filter(destroyed_at__isnull=False).select_related("case__agency")
    return {
        package_relative_path(d): (package_identifier(d), d.destroyed_batch)
        for d in destroyed.order_by("archival_code", "version")
    }


def _destroyed_present(destroyed: dict[str, tuple[str, str]]):
    for rel, (identifier, batch) in destroyed.items():
        for location in PackageLocation.values:
            path = location_root(location) / rel
            if path.exists():
                yield {
                    "identifier": identifier,
                    "location": location,
                    "path": str(path),
                    "batch": batch,
                }


def _orphan_bags(destroyed: set[str]) -> list[str]:
    known = set(Package.objects.values_list("relative_path", flat=True)) | destroyed
    found = []
    for location in PackageLocation.values:
        root = location_root(location)
        for pattern in BAG_PATTERNS:
            for tag in sorted(root.glob(pattern)):
                rel = tag.parent.relative_to(root)
                if rel.as_posix() not in known:
                    found.append(str(tag.parent))
    return found


def _unreferenced_objects() -> list[str]:
    found: list[str] = []
    batch: list[Path] = []
    for path in stored_object_paths():
        batch.append(path)
        if len(batch) >= _BATCH:
            found += sorted(objects_unreferenced(p.name for p in batch))
            batch = []
    found += sorted(objects_unreferenced(p.name for p in batch))
    return found
