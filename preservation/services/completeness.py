"""Completeness audit: what a fixity audit of the package copies cannot see.

Fixity checks each recorded copy. This module finds what has no record, or
no copy, at all: sealed dossier versions without a package, packages without
both copies (no row for a location, or no bag at its path), bags on disk that
no package row knows (orphans), and stored objects that no material refers
to. It only reports; the janitor collects unreferenced objects after its
grace period, `package_write --missing` writes missing packages, and orphans
are for a person to look at.
"""

from dataclasses import dataclass, field
from pathlib import Path

from dossiers.models import Dossier, DossierState
from preservation.models import Package, PackageLocation
from preservation.selectors import objects_unreferenced
from preservation.services.aips import location_root, package_path
from preservation.services.janitor import stored_object_paths

_BATCH = 500


@dataclass
class CompletenessReport:
    sealed_without_package: list[str] = field(default_factory=list)
    incomplete_packages: list[dict] = field(default_factory=list)
    orphan_bags: list[str] = field(default_factory=list)
    unreferenced_objects: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(len(v) for v in self.as_json().values())

    def as_json(self) -> dict:
        return {
            "sealed_without_package": self.sealed_without_package,
            "incomplete_packages": self.incomplete_packages,
            "orphan_bags": self.orphan_bags,
            "unreferenced_objects": self.unreferenced_objects,
        }


def completeness_check() -> CompletenessReport:
    """Report every sealed dossier, package, bag and object out of place."""
    report = CompletenessReport()
    sealed = Dossier.objects.exclude(state=DossierState.DRAFT)
    report.sealed_without_package = [
        f"{d.archival_code} v{d.version}"
        for d in sealed.filter(package__isnull=True).order_by("archival_code")
    ]
    report.incomplete_packages = list(_incomplete_packages())
    report.orphan_bags = _orphan_bags()
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


def _orphan_bags() -> list[str]:
    known = set(Package.objects.values_list("relative_path", flat=True))
    found = []
    for location in PackageLocation.values:
        root = location_root(location)
        # Packages sit at aips/<全宗号>/<档号>/v<版本>; dot-folders beside them
        # are temporaries (being placed, set aside), which are the janitor's.
        for tag in sorted(root.glob("aips/*/*/*/bagit.txt")):
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
