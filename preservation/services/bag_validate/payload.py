"""What is on disk against what the manifests and bag-info.txt promise.

RFC 8493 §3: a bag is complete when every payload manifest lists every payload
file and every listed file exists, and valid when every checksum of every
manifest matches. Files are matched by their NFC names (macOS writes NFD).
Links and special files are reported and never followed or read. Each file is
read once for all the algorithms that list it (`preservation.files`).
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from preservation import files
from preservation.services.bag_validate.issues import Issues
from preservation.services.bag_validate.manifests import Manifest, nfc
from preservation.services.bag_validate.tagfiles import BAG_INFO, BagInfo

_OXUM = re.compile(r"(\d+)\.(\d+)")


@dataclass
class Disk:
    """Regular files of the bag: NFC path -> path as on disk, and sizes."""

    payload: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def disk_scan(root: Path, issues: Issues) -> Disk:
    """Every regular file of the bag; links and special files are reported."""
    disk = Disk()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if not _utf8(rel):
                shown = rel.encode("utf-8", "surrogateescape").decode(
                    "utf-8", "replace"
                )
                issues.error("file_name_invalid", "文件名不是有效的 UTF-8。", shown)
            elif path.is_symlink() or not (path.is_dir() or path.is_file()):
                issues.error("symlink_refused", "包内含符号链接或特殊文件。", rel)
            elif path.is_file():
                where = disk.payload if rel.startswith("data/") else disk.tags
                where[nfc(rel)] = rel
                disk.sizes[nfc(rel)] = path.stat().st_size
        dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()]
    return disk


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by os as surrogates
        return False
    return True


def completeness_check(manifests: list[Manifest], disk: Disk, issues: Issues) -> None:
    """Every listed file exists; every payload file is in every payload manifest."""
    for manifest in manifests:
        present = disk.tags if manifest.is_tag else disk.payload
        for key, (rel, _, line) in manifest.entries.items():
            if key not in present:
                issues.error(
                    "file_missing",
                    f"清单 {manifest.name} 第 {line} 行列出的文件在包中不存在。",
                    rel,
                    line=line,
                )
        if not manifest.is_tag:
            for key in sorted(set(disk.payload) - set(manifest.entries)):
                issues.error(
                    "file_not_in_manifest",
                    f"文件未列入载荷清单 {manifest.name}。",
                    disk.payload[key],
                )


def tag_listing_check(manifests: list[Manifest], disk: Disk, issues: Issues) -> None:
    """RFC 8493 §2.2.1: a tag manifest SHOULD list every tag file (bagit.txt,
    bag-info.txt, the payload manifests, any other tag file) but the tag
    manifests themselves; a tag file one of them leaves out is a warning."""
    for manifest in (m for m in manifests if m.is_tag):
        for key in sorted(set(disk.tags) - set(manifest.entries)):
            if "/" not in key and key.startswith("tagmanifest-"):
                continue
            issues.warn(
                "tag_file_not_in_tagmanifest",
                f"标签文件未列入标签清单 {manifest.name}，其内容无法校验"
                "（RFC 8493 §2.2.1：标签清单应列出每个标签文件）。",
                disk.tags[key],
            )


def checksums_check(
    root: Path,
    manifests: list[Manifest],
    disk: Disk,
    issues: Issues,
    *,
    tags_only=False,
) -> None:
    """Read each listed file once and compare it with every manifest listing it."""
    expected: dict[str, list[tuple[Manifest, str, int]]] = {}
    for manifest in manifests:
        if not manifest.hashable or (tags_only and not manifest.is_tag):
            continue
        present = disk.tags if manifest.is_tag else disk.payload
        for key, (_, digest, line) in manifest.entries.items():
            if key in present:
                expected.setdefault(present[key], []).append((manifest, digest, line))
    for rel, listings in expected.items():
        try:
            found = files.digests(root / rel, {m.algorithm for m, _, _ in listings})
        except OSError as exc:
            issues.error("file_unreadable", f"文件无法读取：{exc.strerror}。", rel)
            continue
        for manifest, digest, line in listings:
            if found[manifest.algorithm] != digest:
                issues.error(
                    "checksum_mismatch",
                    f"{manifest.algorithm} 校验值不符（清单 {manifest.name} "
                    f"第 {line} 行）：清单为 {digest}，"
                    f"实际为 {found[manifest.algorithm]}。",
                    rel,
                    line=line,
                )


def fetch_listed_check(
    fetch: list[str], manifests: list[Manifest], issues: Issues
) -> None:
    """Every file fetch.txt names is listed in every payload manifest (§2.2.3)."""
    for rel in fetch:
        for manifest in manifests:
            if not manifest.is_tag and nfc(rel) not in manifest.entries:
                issues.error(
                    "fetch_not_in_manifest",
                    f"fetch.txt 列出的文件未列入载荷清单 {manifest.name}。",
                    rel,
                )


def oxum_check(info: BagInfo, disk: Disk, issues: Issues) -> None:
    """Payload-Oxum, when given, is the payload's octet count and file count."""
    oxum = info.get("Payload-Oxum", None)
    if oxum is None:
        return
    where = {"line": info.line("Payload-Oxum"), "field": "Payload-Oxum"}
    match = _OXUM.fullmatch(oxum)
    if not match:
        issues.error(
            "bag_info_invalid",
            f"Payload-Oxum 格式错误：{oxum!r}，应为“字节数.文件数”。",
            BAG_INFO,
            **where,
        )
        return
    octets = sum(disk.sizes[key] for key in disk.payload)
    count = len(disk.payload)
    if (int(match.group(1)), int(match.group(2))) != (octets, count):
        issues.error(
            "payload_oxum_mismatch",
            f"Payload-Oxum 声明 {match.group(2)} 个文件 {match.group(1)} 字节，"
            f"实际 {count} 个文件 {octets} 字节。",
            BAG_INFO,
            **where,
        )
