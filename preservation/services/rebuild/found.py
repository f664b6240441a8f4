"""What a rebuild reads: the validated packages under a folder.

`bag_paths` finds every bag under a folder (a storage location's `aips/`, a
replica, a restored disc); `package_read` validates one with bagit-python in
full and reads its metadata, or raises `Unusable` saying why it cannot be
imported. Reporting is the caller's (`catalogue`).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit

from preservation import files
from preservation.services.aips import AIP_PROFILE

TAGMANIFEST = "tagmanifest-sha256.txt"


@dataclass
class Found:
    """One validated package and its metadata."""

    path: Path
    bag: bagit.Bag
    metadata: dict[str, Any]
    events: list[dict[str, Any]]
    tagmanifest_sha256: str

    @property
    def version(self) -> int:
        return max(d["version"] for d in self.metadata["dossiers"])

    @property
    def key(self) -> tuple[str, str]:
        return self.metadata["agency"]["code"], self.metadata["case"]["case_number"]


class Unusable(Exception):
    """A package or case that cannot be imported; the message says why."""


def bag_paths(root: Path) -> list[Path]:
    """Every bag under `root` (under `root/aips` when `root` is a location)."""
    base = root / "aips" if (root / "aips").is_dir() else root
    bags = []
    for dirpath, dirnames, filenames in os.walk(base):
        if "bagit.txt" in filenames:
            bags.append(Path(dirpath))
            dirnames.clear()  # files inside a bag are its payload
            continue
        # `.incoming-…` folders are copies being written, never packages.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return sorted(bags)


def package_read(path: Path) -> Found:
    try:
        bag = bagit.Bag(str(path))
        bag.validate(processes=1)  # every checksum, never Payload-Oxum alone
    except (bagit.BagError, OSError, UnicodeError) as exc:
        raise Unusable(f"保存包校验失败，未导入：{exc}") from exc
    count = str(bag.info.get("Bag-Count", "1 of 1")).strip()
    if count not in ("1 of 1", "1"):
        raise Unusable(
            f"这是跨盘保存包的一部分（Bag-Count: {count}），"
            "请先按光盘说明合并各部分，再从合并后的包重建。"
        )
    metadata = _json(path / "data" / "metadata" / "dossier.json")
    if not isinstance(metadata, dict) or metadata.get("profile") != AIP_PROFILE:
        raise Unusable(f"不是 {AIP_PROFILE} 保存包，未导入。")
    if not (path / TAGMANIFEST).is_file():
        raise Unusable(f"缺少 {TAGMANIFEST}，未导入。")
    events = _json(path / "data" / "metadata" / "events.json")
    found = Found(path, bag, metadata, events, files.digest(path / TAGMANIFEST))
    try:
        version, _key = found.version, found.key
    except (KeyError, TypeError, ValueError) as exc:
        raise Unusable(f"dossier.json 不完整（{exc!r}），未导入。") from exc
    if bag.info.get("Package-Version") != str(version):
        raise Unusable("bag-info.txt 的 Package-Version 与 dossier.json 不符，未导入。")
    return found


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise Unusable(f"{path.name} 无法读取（{exc}），未导入。") from exc
