"""RFC 8493 manifests (§2.1.3, §2.2.1) and fetch.txt (§2.2.3), line by line.

Every `manifest-ALG.txt` and `tagmanifest-ALG.txt` is read, with any algorithm
hashlib knows (md5, sha1, sha256, sha512, …; the profile decides which it
accepts). Each line is `checksum whitespace filepath`, the path with `%0A`,
`%0D` and `%25` escaped and an optional leading `./`. Paths are checked by
their components, never by string prefix: a payload manifest lists only files
under `data/`, a tag manifest only files outside it, and no path is absolute or
holds `..`. A path listed twice is a duplicate (same checksum) or a conflict.
Issues about one listed file name that file; the line is the manifest's.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from preservation.services.bag_validate.issues import Issues
from preservation.services.bag_validate.tagfiles import tag_text, text_lines

FETCH_TXT = "fetch.txt"
_LINE = re.compile(r"(\S+)[ \t]+(.+)")
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass
class Manifest:
    """One manifest: NFC path -> (path as listed, lower-case digest, line)."""

    name: str
    algorithm: str
    entries: dict[str, tuple[str, str, int]] = field(default_factory=dict)

    @property
    def is_tag(self) -> bool:
        return self.name.startswith("tagmanifest-")

    @property
    def hashable(self) -> bool:
        return self.algorithm in hashlib.algorithms_available


def nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def manifest_names(root: Path) -> list[str]:
    """Payload manifests first, then tag manifests, each sorted by name."""
    payload = sorted(p.name for p in root.glob("manifest-*.txt") if p.is_file())
    tag = sorted(p.name for p in root.glob("tagmanifest-*.txt") if p.is_file())
    return payload + tag


def manifests_read(root: Path, encoding: str, issues: Issues) -> list[Manifest]:
    """Read every manifest; a bag without a payload manifest is reported."""
    manifests = [
        _manifest_read(root, name, encoding, issues) for name in manifest_names(root)
    ]
    if not any(not m.is_tag for m in manifests):
        issues.error(
            "manifest_missing",
            "包中没有载荷清单（manifest-算法.txt）。",
            "manifest-sha256.txt",
        )
    return manifests


def _manifest_read(root: Path, name: str, encoding: str, issues: Issues) -> Manifest:
    algorithm = name.split("-", 1)[1].removesuffix(".txt")
    manifest = Manifest(name=name, algorithm=algorithm)
    if not manifest.hashable:
        issues.error(
            "manifest_algorithm_unknown",
            f"清单 {name} 的算法 {algorithm} 无法校验。",
            name,
        )
    text = tag_text(root, name, encoding, issues)
    for number, line in enumerate(text_lines(text or ""), start=1):
        if line.strip():
            _manifest_line(manifest, number, line, issues)
    return manifest


def _manifest_line(manifest: Manifest, number: int, line: str, issues: Issues) -> None:
    match = _LINE.fullmatch(line)
    if not match or not _digest_ok(manifest, match.group(1)):
        issues.error(
            "manifest_malformed",
            f"清单 {manifest.name} 第 {number} 行格式错误，"
            f"应为“{manifest.algorithm} 校验值 路径”。",
            manifest.name,
            line=number,
        )
        return
    rel = path_decode(match.group(2))
    where = f"清单 {manifest.name} 第 {number} 行"
    if path_check(rel, where, issues, payload=not manifest.is_tag, line=number):
        _entry_add(manifest, rel, match.group(1).lower(), number, issues)


def _digest_ok(manifest: Manifest, digest: str) -> bool:
    if not _HEX.fullmatch(digest):
        return False
    if not manifest.hashable:
        return True
    return len(digest) == 2 * hashlib.new(manifest.algorithm).digest_size


def _entry_add(
    manifest: Manifest, rel: str, digest: str, number: int, issues: Issues
) -> None:
    key = nfc(rel)
    if key not in manifest.entries:
        manifest.entries[key] = (rel, digest, number)
        return
    _, first, first_line = manifest.entries[key]
    where = f"清单 {manifest.name} 第 {number} 行"
    if first == digest:
        message = f"{where}重复列出了第 {first_line} 行已列出的文件。"
        issues.error("manifest_duplicate", message, rel, line=number)
    else:
        message = (
            f"{where}与第 {first_line} 行列出同一文件，但校验值不同"
            f"（{first} 与 {digest}）。"
        )
        issues.error("manifest_conflict", message, rel, line=number)


def path_decode(raw: str) -> str:
    """A manifest or fetch.txt path as a file name (RFC 8493 §2.1.3)."""
    decoded = re.sub(
        "%(0A|0D|25)",
        lambda m: {"0A": "\n", "0D": "\r", "25": "%"}[m.group(1).upper()],
        raw,
        flags=re.IGNORECASE,
    )
    while decoded.startswith("./"):
        decoded = decoded[2:]
    return decoded


def path_check(
    rel: str, where: str, issues: Issues, *, payload: bool, line: int
) -> bool:
    """Whether a listed path stays where it must; reports it when it does not."""
    parts = PurePosixPath(rel).parts
    if rel.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", rel):
        issues.error("absolute_path", f"{where}的路径是绝对路径。", rel, line=line)
    elif "\\" in rel or "\x00" in rel or ".." in parts:
        issues.error(
            "path_escapes_payload", f"{where}的路径试图越出包目录。", rel, line=line
        )
    elif payload and (len(parts) < 2 or parts[0] != "data"):
        issues.error(
            "path_escapes_payload",
            f"{where}的路径不在 data/ 目录之内。",
            rel,
            line=line,
        )
    elif not payload and parts[:1] == ("data",):
        issues.error(
            "path_out_of_scope",
            f"{where}：标签清单只能列出标签文件，不能列出 data/ 下的载荷文件。",
            rel,
            line=line,
        )
    else:
        return True
    return False


def fetch_read(root: Path, encoding: str, issues: Issues) -> list[str]:
    """The payload paths fetch.txt lists (`URL LENGTH FILEPATH` per line)."""
    if not (root / FETCH_TXT).is_file():
        return []
    listed = []
    text = tag_text(root, FETCH_TXT, encoding, issues)
    for number, line in enumerate(text_lines(text or ""), start=1):
        parts = line.split(None, 2)
        if not line.strip():
            continue
        if len(parts) != 3 or not (parts[1] == "-" or parts[1].isdigit()):
            issues.error(
                "fetch_malformed",
                f"fetch.txt 第 {number} 行格式错误，应为“URL 长度 路径”。",
                FETCH_TXT,
                line=number,
            )
            continue
        rel = path_decode(parts[2])
        where = f"fetch.txt 第 {number} 行"
        if path_check(rel, where, issues, payload=True, line=number):
            listed.append(rel)
    return listed
