"""An AIP as it goes onto optical discs: its files, and the bags of its parts.

A package that fits on one disc is copied as it is. A package larger than one
disc is cut into parts, and each part is a complete BagIt 1.0 bag of its own:

- `bagit.txt` as in the package;
- `bag-info.txt` as in the package, with the part's own `Payload-Oxum` and
  `Bag-Group-Identifier: <package identifier>` and `Bag-Count: N of M`
  (RFC 8493 §2.2.2);
- `manifest-<alg>.txt` holding the package's own lines for the part's payload
  files, and `tagmanifest-<alg>.txt` over the part's tag files;
- `original-bag/`: the package's tag files, byte for byte, so that the
  recorded tag-manifest digest can be checked on every part;
- `data/…`: a subset of the payload files, at their paths in the package.

Copying every part's `data/` into one folder beside the files of
`original-bag/` gives back the package exactly. This module reads the primary
copy and checks its tag manifest against the database before anything is
burned; it does not write anything.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from preservation.models import Package, PackageLocation
from preservation.services.aips import package_path

ORIGINAL_TAGS = "original-bag"
GROUP_TAGS = ("Payload-Oxum", "Bag-Group-Identifier", "Bag-Count")


class DiscError(Exception):
    """A disc could not be planned, written or read; the message names the file."""


@dataclass(frozen=True)
class BagEntry:
    """One payload file of a package."""

    rel: str  # "data/…", as in the package's manifest
    size: int
    sha256: str


def bag_root(package: Package) -> Path:
    return package_path(package, PackageLocation.PRIMARY)


def _decode(path: str) -> str:
    # RFC 8493 §2.1.3, the reverse of aips._encode
    return path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def manifest_parse(text: str) -> dict[str, str]:
    """The lines of a BagIt manifest as {path: digest}."""
    entries = {}
    for line in text.splitlines():
        if line.strip():
            digest, rel = line.split(maxsplit=1)
            entries[_decode(rel.strip())] = digest.lower()
    return entries


def bag_payload(package: Package) -> list[BagEntry]:
    """Every payload file of the package's primary copy, in manifest order.

    Raises:
        DiscError: a file named in the manifest is missing.
    """
    root = bag_root(package)
    manifest = manifest_parse((root / "manifest-sha256.txt").read_text("utf-8"))
    entries = []
    for rel, digest in sorted(manifest.items()):
        path = root / rel
        if not path.is_file():
            raise DiscError(f"保存包 {package} 缺少文件 {rel}，请先运行固定性审计。")
        entries.append(BagEntry(rel, path.stat().st_size, digest))
    return entries


def bag_tag_sizes(package: Package) -> dict[str, int]:
    return {
        p.name: p.stat().st_size for p in bag_root(package).iterdir() if p.is_file()
    }


def bag_tag_files(package: Package) -> dict[str, bytes]:
    """The package's tag files, checked against the recorded tag-manifest digest.

    Raises:
        DiscError: the tag manifest differs from the one recorded, or a tag file
            differs from its tag-manifest line.
    """
    root = bag_root(package)
    tags = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    tagmanifest = tags.get("tagmanifest-sha256.txt", b"")
    if hashlib.sha256(tagmanifest).hexdigest() != package.tagmanifest_sha256:
        raise DiscError(
            f"保存包 {package} 的 tagmanifest-sha256.txt 与登记的摘要不符，"
            "请先运行固定性审计修复后再刻录。"
        )
    for name, digest in manifest_parse(tagmanifest.decode("utf-8")).items():
        if hashlib.sha256(tags.get(name, b"")).hexdigest() != digest:
            raise DiscError(f"保存包 {package} 的标签文件 {name} 已损坏或缺失。")
    return tags


def _part_bag_info(
    original: bytes, entries: list[BagEntry], group: str, count: str
) -> bytes:
    lines = [
        line
        for line in original.decode("utf-8").splitlines()
        if line.split(":", 1)[0].strip() not in GROUP_TAGS
    ]
    oxum = f"{sum(e.size for e in entries)}.{len(entries)}"
    lines += [
        f"Payload-Oxum: {oxum}",
        f"Bag-Group-Identifier: {group}",
        f"Bag-Count: {count}",
    ]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _manifest_subset(original: bytes, rels: set[str]) -> bytes:
    lines = original.decode("utf-8").splitlines()
    kept = [line for line in lines if _decode(line.split(maxsplit=1)[-1]) in rels]
    return "".join(f"{line}\n" for line in kept).encode("utf-8")


def _tagmanifest(files: dict[str, bytes], algorithm: str) -> bytes:
    lines = [
        f"{hashlib.new(algorithm, content).hexdigest()}  {name}\n"
        for name, content in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def part_tag_files(
    package: Package,
    tags: dict[str, bytes],
    entries: Iterable[BagEntry],
    *,
    part_number: int,
    part_count: int,
) -> dict[str, bytes]:
    """The tag files of one part of a package that spans several discs."""
    entries = list(entries)
    rels = {e.rel for e in entries}
    files = {
        "bagit.txt": tags["bagit.txt"],
        "bag-info.txt": _part_bag_info(
            tags["bag-info.txt"],
            entries,
            package.identifier,
            f"{part_number} of {part_count}",
        ),
    }
    for algorithm in package.algorithms:
        name = f"manifest-{algorithm}.txt"
        files[name] = _manifest_subset(tags[name], rels)
    files |= {f"{ORIGINAL_TAGS}/{name}": content for name, content in tags.items()}
    return files | {
        f"tagmanifest-{algorithm}.txt": _tagmanifest(files, algorithm)
        for algorithm in package.algorithms
    }
