"""The BagIt machinery every package shares: build in staging, validate, place.

A package — a sealed dossier version (`write`), a disposition batch's
record (`preservation.retention.disposition_package`) or an agency's
retention register (`preservation.retention.register_package`) — is built by a
`BagBuilder` in a staging folder on the storage's file system, its tag files
written from the caller's bag-info, validated with bagit-python's own
validator, and renamed into place under its final path in a location. A bag
already at the final path is adopted when the caller's `belongs` accepts it
(a run killed after placing it); anything else there is moved aside for the
storage janitor. `package_row_create` records the `Package` row and its two
copies. What goes into the bag, and what bag-info says, is the caller's;
the register packages (`registers/…/v<n>`) share `path_segment`,
`package_version` and `agency_algorithms` from here.
"""

import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bagit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from preservation import files
from preservation.models import Package, PackageCopy, PackageLocation

BAGIT_VERSION = "1.0"
TAGMANIFEST = "tagmanifest-sha256.txt"


class PackageWriteError(Exception):
    """The package could not be written; nothing was published."""


@dataclass
class BagBuilder:
    """A bag being built at `root`: payload files with their digests."""

    root: Path
    algorithms: tuple[str, ...]
    payload: dict[str, dict[str, str]] = field(default_factory=dict)
    size: int = 0

    def add_bytes(self, rel: str, content: bytes) -> None:
        target = self.root / "data" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_synced(target, content)
        self.payload[f"data/{rel}"] = files.content_digests(content, self.algorithms)
        self.size += len(content)

    def add_original(self, rel: str, source: Path) -> dict[str, str]:
        target = self.root / "data" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        digests, size = files.copy_with_digests(source, target, self.algorithms)
        self.payload[f"data/{rel}"] = digests
        self.size += size
        return digests

    @property
    def oxum(self) -> str:
        return f"{self.size}.{len(self.payload)}"


def path_segment(text: str) -> str:
    """`text` made safe as one folder name of a package's path."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


def package_version(package: Package) -> int:
    """The version a package's path ends with (`…/v<n>`)."""
    return int(package.relative_path.rsplit("/v", 1)[1])


def agency_algorithms(agency) -> tuple[str, ...]:
    """The manifests an agency's packages carry (SM3 beside SHA-256 if asked)."""
    return ("sha256", "sm3") if agency.sm3_manifests else ("sha256",)


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def location_root(location: str) -> Path:
    if location == PackageLocation.PRIMARY:
        return Path(settings.ARCHIVE_STORAGE)
    return Path(settings.ARCHIVE_REPLICA)


def tagmanifest(root: Path) -> Path:
    return root / TAGMANIFEST


@contextmanager
def staging() -> Iterator[Path]:
    """A fresh folder on the storage's file system, removed afterwards."""
    parent = Path(settings.ARCHIVE_STAGING)
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="aip-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bag_adopt(
    final: Path, belongs: Callable[[bagit.Bag], bool], *, tagmanifest_sha256=""
) -> bool:
    """Keep a valid bag at `final` that `belongs`; move anything else aside.

    With `tagmanifest_sha256`, the bag must also be that exact bag (the
    replica of the primary).
    """
    if not final.exists():
        return False
    if _valid_and_belongs(final, belongs) and (
        not tagmanifest_sha256 or files.digest(tagmanifest(final)) == tagmanifest_sha256
    ):
        return True
    aside = Path(tempfile.mkdtemp(prefix=f".aside-{final.name}-", dir=final.parent))
    final.rename(aside / "bag")
    files.fsync_dir(final.parent)
    return False


def _valid_and_belongs(root: Path, belongs: Callable[[bagit.Bag], bool]) -> bool:
    try:
        bag = bagit.Bag(str(root))
        bag.validate(processes=1)
    except (bagit.BagError, OSError, ValueError):
        return False
    return belongs(bag)


def _encode(path: str) -> str:
    # RFC 8493 §2.1.3
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def tag_files_write(bag: BagBuilder, info: dict[str, str]) -> None:
    """bagit.txt, bag-info.txt (from `info`), the manifests and tag manifests."""
    root = bag.root
    (root / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n",
        encoding="utf-8",
    )
    (root / "bag-info.txt").write_text(
        "".join(f"{k}: {v}\n" for k, v in info.items()), encoding="utf-8"
    )
    tag_files = ["bagit.txt", "bag-info.txt"]
    for algorithm in bag.algorithms:
        name = f"manifest-{algorithm}.txt"
        lines = [
            f"{d[algorithm]}  {_encode(p)}\n" for p, d in sorted(bag.payload.items())
        ]
        (root / name).write_text("".join(lines), encoding="utf-8")
        tag_files.append(name)
    for algorithm in bag.algorithms:
        lines = [
            f"{files.digest(root / t, algorithm)}  {t}\n" for t in sorted(tag_files)
        ]
        (root / f"tagmanifest-{algorithm}.txt").write_text("".join(lines), "utf-8")


def bag_validate(root: Path) -> None:
    try:
        bagit.Bag(str(root)).validate(processes=1)
    except bagit.BagError as exc:
        details = "; ".join(str(d) for d in getattr(exc, "details", []) or [])
        raise PackageWriteError(f"保存包校验失败：{exc} {details}") from exc


def bag_place(source: Path, root: Path, rel: str) -> None:
    final = root / rel
    if final.exists():
        raise PackageWriteError(f"{final} 已存在；保存包从不覆盖。")
    files.place_tree(source, final)


def bag_place_both(
    rel: str, build: Callable[[Path], None], belongs: Callable[[bagit.Bag], bool]
) -> Path:
    """Place the bag `build(root)` makes at `rel` in both locations, resumably.

    Returns the primary bag's folder.
    """
    primary = location_root(PackageLocation.PRIMARY) / rel
    if not bag_adopt(primary, belongs):
        with staging() as folder:
            build(folder / "bag")
            bag_place(folder / "bag", location_root(PackageLocation.PRIMARY), rel)
    replica_root = location_root(PackageLocation.REPLICA)
    digest = files.digest(tagmanifest(primary))
    if not bag_adopt(replica_root / rel, belongs, tagmanifest_sha256=digest):
        bag_place(primary, replica_root, rel)
    return primary


def manifest_algorithms(root: Path) -> list[str]:
    names = [p.name[len("manifest-") : -len(".txt")] for p in root.glob("manifest-*")]
    return sorted(names, key=lambda a: (a != "sha256", a))


def package_row_create(*, root: Path, rel: str, identifier: str, **owner) -> Package:
    """The `Package` row of the primary bag at `root`, and both its copies.

    `owner` is `dossier=`, `batch=` or `agency=`. Call inside a transaction.
    """
    oxum = bagit.Bag(str(root)).info["Payload-Oxum"]
    size, count = (int(n) for n in oxum.split("."))
    package = Package.objects.create(
        identifier=identifier,
        relative_path=rel,
        bagit_version=BAGIT_VERSION,
        algorithms=manifest_algorithms(root),
        tagmanifest_sha256=files.digest(tagmanifest(root)),
        payload_oxum=oxum,
        file_count=count,
        byte_count=size,
        **owner,
    )
    now = timezone.now()
    for location in (PackageLocation.PRIMARY, PackageLocation.REPLICA):
        PackageCopy.objects.create(
            package=package, location=location, last_checked_at=now, last_outcome="ok"
        )
    return package


def record_package_place(
    *,
    rel: str,
    identifier: str,
    build: Callable[[Path], None],
    belongs: Callable[[bagit.Bag], bool],
    **owner,
) -> Package:
    """Place a record bag (a batch's, an agency's register) in both locations
    and record its Package row, owned by `owner` (batch= or agency=)."""
    primary = bag_place_both(rel, build, belongs)
    return package_row_create(root=primary, rel=rel, identifier=identifier, **owner)


def after_commit_logged(write: Callable[[], object], failure: str) -> None:
    """Run `write` once the current transaction commits. A failure is logged
    with `failure` (saying what to run), never undoing what committed."""

    def run() -> None:
        try:
            write()
        except (PackageWriteError, ValidationError, OSError):
            logging.getLogger(__name__).exception(failure)

    transaction.on_commit(run)


def package_info_field(package: Package, name: str) -> str | None:
    """A bag-info field of a recorded package, read from the first readable
    copy; None when no copy is readable (the fixity audit's to repair)."""
    for location in PackageLocation.values:
        try:
            info = bagit.Bag(str(location_root(location) / package.relative_path)).info
        except (bagit.BagError, OSError):
            continue
        return str(info.get(name, ""))
    return None


def package_newest(packages) -> Package | None:
    """The highest version among a record's packages."""
    return max(packages, key=package_version, default=None)
