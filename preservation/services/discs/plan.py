"""Which package, or which part of one, goes on which disc.

`disc_plan` packs sealed AIPs first-fit in 档号 order. A disc holds one fonds
and one retention period, so that its label can state one 全宗号 and one
保管期限. Sizes are estimated as they will lie on the disc: every file rounded
up to whole 2048-byte sectors plus its UDF file entry, every directory a few
sectors, and a fixed allowance for the disc's own manifest and label; what
each medium offers is its capacity less a 2–3 % reserve for the ISO 9660,
Rock Ridge and UDF structures. `disc_write` still checks the real image
against the capacity. A package that does not fit on one disc is cut into
parts (see `parts`); a single file larger than a disc cannot be burned
and is refused by name. Nothing is read beyond the packages' manifests and
file sizes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from preservation.models import Package
from preservation.services.discs.parts import (
    BagEntry,
    DiscError,
    bag_payload,
    bag_tag_sizes,
)

SECTOR = 2048
# A file's UDF entry (a sector), its ISO 9660/Rock Ridge and UDF directory
# records with long Chinese names, and its lines in the JSON and TXT manifests.
FILE_OVERHEAD = SECTOR + 1536
DIRECTORY_OVERHEAD = 3 * SECTOR  # ISO 9660 and UDF directory extents, UDF entry
DISC_ALLOWANCE = 4 * 1024 * 1024  # volume descriptors, anchors, manifest, label
UDF_NAME_UNITS = 126  # OSTA UDF 2.60 §2.3.4.2, in UTF-16 code units


class DiscPlanError(DiscError):
    """The packages cannot be laid out on discs of this medium."""


@dataclass(frozen=True)
class Medium:
    label: str
    capacity: int  # bytes the blank disc holds
    budget: int  # estimated bytes of bag files the planner may put on it


def _medium(label: str, capacity: int, reserve: float) -> Medium:
    return Medium(label, capacity, int(capacity * (1 - reserve)) - DISC_ALLOWANCE)


MEDIA = {
    "cd": _medium("CD-R 700 MB", 700 * 1024 * 1024, 0.03),
    "dvd": _medium("DVD±R 4.7 GB", 4_700_000_000, 0.03),
    "bd25": _medium("BD-R 25 GB", 25_025_314_816, 0.02),
    "bd50": _medium("BD-R DL 50 GB", 50_050_629_632, 0.02),
}


def medium_get(media: str) -> Medium:
    try:
        return MEDIA[media]
    except KeyError:
        raise DiscPlanError(f"未知的光盘介质：{media}。") from None


def file_footprint(size: int) -> int:
    return -(-size // SECTOR) * SECTOR + FILE_OVERHEAD


@dataclass
class PlannedPart:
    """A whole package (part 1 of 1) or one part of a package on one disc."""

    package: Package
    part_number: int
    part_count: int
    payload: list[BagEntry]
    tag_footprint: int

    @property
    def directory(self) -> str:
        if self.part_count == 1:
            return self.package.identifier
        return f"{self.package.identifier}.part{self.part_number}-of-{self.part_count}"

    @property
    def footprint(self) -> int:
        directories = {
            parent for e in self.payload for parent in PurePosixPath(e.rel).parents
        }  # "." stands for the part's own folder; original-bag/ is one more
        return (
            sum(file_footprint(e.size) for e in self.payload)
            + self.tag_footprint
            + (len(directories) + 1) * DIRECTORY_OVERHEAD
        )


@dataclass
class DiscPlan:
    """What one disc will hold."""

    media: str
    fonds: str
    retention: str
    parts: list[PlannedPart] = field(default_factory=list)

    @property
    def footprint(self) -> int:
        return sum(p.footprint for p in self.parts)

    @property
    def archival_codes(self) -> list[str]:
        return sorted({p.package.dossier.archival_code for p in self.parts})


def _order(package: Package) -> tuple:
    dossier = package.dossier
    return (
        dossier.case.agency.fonds,
        dossier.retention,
        dossier.archival_code,
        dossier.version,
    )


def _check_names(package: Package, entries: list[BagEntry]) -> None:
    for entry in entries:
        for name in PurePosixPath(entry.rel).parts:
            if len(name.encode("utf-16-be")) // 2 > UDF_NAME_UNITS:
                raise DiscPlanError(
                    f"保存包 {package} 的文件 {entry.rel} 名称超过 UDF 允许的 "
                    f"{UDF_NAME_UNITS} 个字符，无法刻录。"
                )


def _split(
    package: Package, entries: list[BagEntry], room: int, medium: Medium
) -> list[list[BagEntry]]:
    chunks: list[list[BagEntry]] = [[]]
    used = 0
    for entry in entries:
        cost = file_footprint(entry.size)
        if cost > room:
            raise DiscPlanError(
                f"保存包 {package} 的文件 {entry.rel}（{entry.size} 字节）"
                f"大于一张 {medium.label} 光盘的可用容量，无法刻录。"
            )
        if used + cost > room and chunks[-1]:
            chunks.append([])
            used = 0
        chunks[-1].append(entry)
        used += cost
    return chunks


def package_parts(package: Package, medium: Medium) -> list[PlannedPart]:
    """The package as one part, or cut into as many parts as it needs.

    Raises:
        DiscPlanError: a file is larger than a disc, or its name too long.
    """
    entries = bag_payload(package)
    _check_names(package, entries)
    tags = sum(file_footprint(size) for size in bag_tag_sizes(package).values())
    whole = PlannedPart(package, 1, 1, entries, tags)
    if whole.footprint <= medium.budget:
        return [whole]
    # A part carries the package's tag files and its own (a little larger),
    # and, at most, every directory of the package.
    part_tags = 2 * tags + len(package.algorithms) * 2 * SECTOR
    directories = whole.footprint - tags - sum(file_footprint(e.size) for e in entries)
    chunks = _split(package, entries, medium.budget - part_tags - directories, medium)
    return [
        PlannedPart(package, n, len(chunks), chunk, part_tags)
        for n, chunk in enumerate(chunks, start=1)
    ]


def _place(discs: list[DiscPlan], part: PlannedPart, media: str, budget: int) -> None:
    dossier = part.package.dossier
    group = (dossier.case.agency.fonds, dossier.retention)
    for disc in discs:
        fits = disc.footprint + part.footprint <= budget
        if (disc.fonds, disc.retention) == group and fits:
            disc.parts.append(part)
            return
    discs.append(DiscPlan(media, *group, parts=[part]))


def disc_plan(packages: Iterable[Package], media: str) -> list[DiscPlan]:
    """Lay packages out on discs, first-fit in 档号 order.

    Args:
        packages: sealed AIPs; order does not matter.
        media: "cd", "dvd", "bd25" or "bd50".

    Returns:
        One plan per disc, each within the medium's budget.

    Raises:
        DiscPlanError: unknown medium, a file larger than a disc, a file name
            too long for UDF.
        DiscError: a package's primary copy is missing a file.
    """
    medium = medium_get(media)
    ids = [p.pk for p in packages]
    ordered = sorted(
        Package.objects.filter(pk__in=ids).select_related("dossier__case__agency"),
        key=_order,
    )
    discs: list[DiscPlan] = []
    for package in ordered:
        for part in package_parts(package, medium):
            _place(discs, part, media, medium.budget)
    return discs
