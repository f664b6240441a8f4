"""Reading a submission bag and checking it against the BagIt Profile.

This module answers "is this a well-formed bag that the profile accepts, and
what does its manifest promise?". It never trusts bagit-python for path safety:
bagit's own check uses `os.path.commonprefix`, which lets a sibling folder with
the same prefix through, so every manifest line is checked here first, by path
components. Payload checksums are verified later, while the files are copied
into storage (one read per file); tag files are verified here.
"""

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import bagit

from preservation import files, profile
from preservation.problems import PackageRefused, Problem


@dataclass
class BagContents:
    """What a structurally valid bag promises."""

    root: Path
    version: str
    info: dict[str, str]
    # NFC payload path ("data/...") -> {algorithm: hex digest}
    payload: dict[str, dict[str, str]] = field(default_factory=dict)
    # NFC payload path -> the path as it is on disk (may be NFD, e.g. from macOS)
    disk_paths: dict[str, str] = field(default_factory=dict)

    def file(self, rel: str) -> Path:
        """The file on disk for an NFC payload path."""
        return self.root / self.disk_paths.get(rel, rel)

    @property
    def algorithms(self) -> list[str]:
        return sorted({alg for digests in self.payload.values() for alg in digests})


def bag_read(root: Path) -> BagContents:
    """Check a bag's structure and return its manifest promises.

    Raises:
        PackageRefused: with every structural problem found.
    """
    _require_bag(root)
    _refuse_links(root)
    _check_version(root)
    manifests = _manifest_files(root)
    _check_algorithms(root, manifests)
    payload = _read_manifests(root, manifests)
    bag = _open_with_bagit(root)
    contents = BagContents(
        root=root,
        version=bag.tags.get("BagIt-Version", ""),
        info=_flat_info(bag.info),
        payload=payload,
    )
    _check_profile(contents, root)
    _check_completeness(bag)
    contents.disk_paths = {
        rel: bag.normalized_filesystem_names.get(rel, rel) for rel in payload
    }
    _check_oxum(contents)
    _check_tag_manifests(root)
    return contents


def _require_bag(root: Path) -> None:
    if not (root / "bagit.txt").is_file():
        raise PackageRefused(
            [Problem("not_a_bag", "缺少 bagit.txt，不是 BagIt 包。", "bagit.txt")]
        )
    if not (root / "data").is_dir():
        raise PackageRefused(
            [Problem("not_a_bag", "缺少 data/ 载荷目录，不是 BagIt 包。", "data/")]
        )


def _check_version(root: Path) -> None:
    # Checked before bagit-python opens the bag: it rejects versions it does not
    # know (2.0) with a bare BagError that would not name bagit.txt.
    text = (root / "bagit.txt").read_text(encoding="utf-8-sig", errors="replace")
    version = ""
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "BagIt-Version":
            version = value.strip()
    if version not in profile.ACCEPTED_BAGIT_VERSIONS:
        raise PackageRefused([_version_problem(version)])


def _version_problem(version: str) -> Problem:
    return Problem(
        "bagit_version_refused",
        f"BagIt 版本 {version or '缺失'} 不受支持，应为 1.0 或 0.97。",
        "bagit.txt",
        "BagIt-Version",
    )


def _refuse_links(root: Path) -> None:
    problems = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                rel = path.relative_to(root).as_posix()
                problems.append(
                    Problem("symlink_refused", "包内含符号链接或特殊文件。", rel)
                )
    if problems:
        raise PackageRefused(problems)


def _manifest_files(root: Path) -> list[Path]:
    return sorted(root.glob("manifest-*.txt")) + sorted(root.glob("tagmanifest-*.txt"))


def _algorithm(manifest: Path) -> str:
    return manifest.name.split("-", 1)[1].removesuffix(".txt")


def _check_algorithms(root: Path, manifests: list[Path]) -> None:
    payload_algs = {_algorithm(m) for m in manifests if m.name.startswith("manifest-")}
    if not payload_algs & set(profile.ALLOWED_MANIFEST_ALGORITHMS):
        found = "、".join(sorted(payload_algs)) or "无"
        raise PackageRefused(
            [
                Problem(
                    "manifest_algorithm_refused",
                    f"载荷清单算法为 {found}；须提供 sha256 或 sha512 清单"
                    "（md5、sha1 不被接受）。",
                    "manifest-sha256.txt",
                )
            ]
        )
    unknown = {_algorithm(m) for m in manifests} - set(
        profile.ALLOWED_MANIFEST_ALGORITHMS + profile.REFUSED_MANIFEST_ALGORITHMS
    )
    if unknown:
        raise PackageRefused(
            [
                Problem("manifest_algorithm_refused", f"不支持的清单算法：{a}。", "")
                for a in sorted(unknown)
            ]
        )


def _read_manifests(root: Path, manifests: list[Path]) -> dict[str, dict[str, str]]:
    payload: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for manifest in manifests:
        algorithm = _algorithm(manifest)
        is_payload = manifest.name.startswith("manifest-")
        for rel, digest in _manifest_lines(manifest, problems):
            problem = _path_problem(root, rel, manifest.name, payload=is_payload)
            if problem:
                problems.append(problem)
            elif is_payload and algorithm in profile.ALLOWED_MANIFEST_ALGORITHMS:
                key = unicodedata.normalize("NFC", rel)
                payload.setdefault(key, {})[algorithm] = digest.lower()
    if problems:
        raise PackageRefused(problems)
    return payload


def _manifest_lines(manifest: Path, problems: list[Problem]):
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(
            Problem("manifest_unreadable", "清单不是 UTF-8 编码。", manifest.name)
        )
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            problems.append(
                Problem(
                    "manifest_malformed",
                    f"第 {number} 行格式错误，应为“摘要 路径”。",
                    manifest.name,
                )
            )
            continue
        yield _decode_path(parts[1].strip()), parts[0]


def _decode_path(raw: str) -> str:
    # RFC 8493 §2.1.3: only CR, LF and % are percent-encoded in manifests.
    return raw.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _path_problem(
    root: Path, rel: str, manifest: str, *, payload: bool
) -> Problem | None:
    pure = PurePosixPath(rel)
    if rel.startswith(("/", "\\", "~")) or (len(rel) > 1 and rel[1] == ":"):
        return Problem("absolute_path", f"清单 {manifest} 中的路径是绝对路径。", rel)
    if "\\" in rel or "\x00" in rel or ".." in pure.parts:
        return Problem(
            "path_escapes_payload", f"清单 {manifest} 中的路径试图越出包目录。", rel
        )
    base = (root / "data") if payload else root
    resolved = (root / rel).resolve()
    # Component-wise containment: "/bag/data-evil/x" is not inside "/bag/data".
    if not resolved.is_relative_to(base.resolve()) or resolved == base.resolve():
        where = "data/ 目录" if payload else "包目录"
        return Problem("path_escapes_payload", f"路径不在{where}之内。", rel)
    return None


def _open_with_bagit(root: Path) -> bagit.Bag:
    try:
        bag = bagit.Bag(str(root))
    except bagit.BagError as exc:
        raise PackageRefused(
            [Problem("bag_unreadable", f"无法读取 BagIt 包：{exc}。", "")]
        ) from exc
    return bag


def _flat_info(info: dict) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in info.items()}


def _check_profile(contents: BagContents, root: Path) -> None:
    problems = []
    if contents.version not in profile.ACCEPTED_BAGIT_VERSIONS:
        problems.append(_version_problem(contents.version))
    if (root / "fetch.txt").exists():
        problems.append(
            Problem("fetch_not_allowed", "不接受含 fetch.txt 的不完整包。", "fetch.txt")
        )
    for tag in profile.REQUIRED_BAG_INFO:
        if not str(contents.info.get(tag, "")).strip():
            problems.append(
                Problem(
                    "bag_info_missing",
                    f"bag-info.txt 缺少必填标签 {tag}。",
                    "bag-info.txt",
                    tag,
                )
            )
    if problems:
        raise PackageRefused(problems)


def _check_completeness(bag: bagit.Bag) -> None:
    only_in_manifest, only_on_disk = bag.compare_manifests_with_fs()
    problems = [
        Problem("file_missing", "清单列出的文件在包中不存在。", p)
        for p in sorted(only_in_manifest)
    ] + [
        Problem("file_not_in_manifest", "文件未列入载荷清单。", p)
        for p in sorted(only_on_disk)
    ]
    if problems:
        raise PackageRefused(problems)


def _check_oxum(contents: BagContents) -> None:
    oxum = contents.info.get("Payload-Oxum", "")
    octets, _, count = oxum.partition(".")
    total = sum(
        (contents.root / p).stat().st_size for p in contents.disk_paths.values()
    )
    if not (octets.isdigit() and count.isdigit()):
        raise PackageRefused(
            [
                Problem(
                    "bag_info_invalid",
                    "Payload-Oxum 格式错误。",
                    "bag-info.txt",
                    "Payload-Oxum",
                )
            ]
        )
    if int(octets) != total or int(count) != len(contents.payload):
        raise PackageRefused(
            [
                Problem(
                    "payload_oxum_mismatch",
                    f"Payload-Oxum 声明 {count} 个文件 {octets} 字节，"
                    f"实际 {len(contents.payload)} 个文件 {total} 字节。",
                    "bag-info.txt",
                    "Payload-Oxum",
                )
            ]
        )


def _check_tag_manifests(root: Path) -> None:
    problems = []
    for manifest in sorted(root.glob("tagmanifest-*.txt")):
        algorithm = _algorithm(manifest)
        if algorithm not in profile.ALLOWED_MANIFEST_ALGORITHMS:
            continue
        for rel, expected in _manifest_lines(manifest, problems):
            path = root / rel
            if not path.is_file():
                problems.append(
                    Problem("file_missing", "标签清单列出的文件不存在。", rel)
                )
                continue
            found = files.digest(path, algorithm)
            if found != expected.lower():
                problems.append(_mismatch(rel, algorithm, expected, found))
    if problems:
        raise PackageRefused(problems)


def _mismatch(rel: str, algorithm: str, expected: str, found: str) -> Problem:
    return Problem(
        "checksum_mismatch",
        f"{algorithm} 校验值不符：清单为 {expected.lower()}，实际为 {found}。",
        rel,
    )


def checksum_problem(rel: str, algorithm: str, expected: str, found: str) -> Problem:
    """The problem reported when a payload file does not match its manifest."""
    return _mismatch(rel, algorithm, expected, found)
