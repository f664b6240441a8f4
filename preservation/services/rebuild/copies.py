"""What a rebuild restores last: the `Package` rows and their copies.

`packages_record` records each package found for a restored case, and one
`PackageCopy` per storage location; a location that lacks the package gets a
copy of the validated one, and a copy that differs from it is reported for
the fixity audit to repair. `package_row_restore` does it for one package of
any kind (a disposition batch's too).
"""

from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

from preservation import files
from preservation.models import Package, PackageCopy, PackageLocation
from preservation.services.aips import (
    Restored,
    location_root,
    package_identifier,
    package_relative_path,
)
from preservation.services.rebuild.found import TAGMANIFEST, BatchFound, Found

if TYPE_CHECKING:
    from preservation.services.rebuild.catalogue import RebuildReport


def packages_record(
    restored: Restored, versions: dict[int, Found], report: "RebuildReport"
) -> list[Package]:
    return [
        _package_record(restored, found, report)
        for version, found in sorted(versions.items())
        if version in restored.dossiers
    ]


def _package_record(
    restored: Restored, found: Found, report: "RebuildReport"
) -> Package:
    dossier = restored.dossiers[found.version]
    return package_row_restore(
        found,
        report,
        identifier=package_identifier(dossier),
        relative_path=package_relative_path(dossier),
        dossier=dossier,
    )


def package_row_restore(
    found: "Found | BatchFound",
    report: "RebuildReport",
    *,
    identifier: str,
    relative_path: str,
    **owner,
) -> Package:
    """The `Package` row of a validated bag and its copies (`owner`: its
    `dossier=` or `batch=`)."""
    size, count = found.bag.info["Payload-Oxum"].split(".")
    package = Package(
        identifier=identifier,
        relative_path=relative_path,
        bagit_version=".".join(str(n) for n in found.bag.version_info),
        algorithms=sorted(found.bag.algorithms, key=lambda a: (a != "sha256", a)),
        tagmanifest_sha256=found.tagmanifest_sha256,
        payload_oxum=found.bag.info["Payload-Oxum"],
        file_count=int(count),
        byte_count=int(size),
        **owner,
    )
    package.full_clean()
    package.save()
    for location in PackageLocation:
        _copy_record(package, found, location, report)
    return package


def _copy_record(
    package: Package,
    found: "Found | BatchFound",
    location: str,
    report: "RebuildReport",
) -> None:
    """Record the package's copy in one location, putting it there if missing."""
    target = location_root(location) / package.relative_path
    label = PackageLocation(location).label
    checked_at, outcome = None, ""  # left for the next fixity audit
    if target.exists() and target.samefile(found.path):
        checked_at, outcome = timezone.now(), "ok"  # validated in full just now
    elif not target.exists():
        # A crash never leaves half a package at `target`.
        files.place_tree(found.path, target)
        report.note(found.path, f"{label}缺少该保存包，已复制到 {target}。")
    elif _tagmanifest_digest(target) != found.tagmanifest_sha256:
        report.problem(
            target,
            f"{label}中的保存包与已校验的 {found.path} 不一致；请运行固定性审计修复。",
        )
    PackageCopy.objects.create(
        package=package,
        location=location,
        last_checked_at=checked_at,
        last_outcome=outcome,
    )


def _tagmanifest_digest(path: Path) -> str | None:
    try:
        return files.digest(path / TAGMANIFEST)
    except OSError:
        return None
