"""What a rebuild reads: the validated packages under a folder.

`bag_paths` finds every bag under a folder (a storage location's `aips/`
and `registers/`, a replica, a restored disc); `package_read` validates a
dossier's package with bagit-python in full and reads its metadata, and
`batch_read` does the same for a disposition batch's package (the 销毁清册,
`data/batch.json`), and `register_read` for an agency's retention register
package (`data/holds.json` and `data/schedule.json`); each raises `Unusable`
saying why a bag cannot be imported. `bag_read` picks the one that fits.
Reporting is the caller's (`catalogue`).
"""

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from preservation import files
from preservation.retention.disposition_record import BATCH_PROFILE
from preservation.retention.register_record import (
    HOLDS_FILE,
    REGISTER_PROFILE,
    SCHEDULE_FILE,
)
from preservation.services.aips import AIP_PROFILE

TAGMANIFEST = "tagmanifest-sha256.txt"
# The folders of a storage location that hold packages (dossiers', batches').
PACKAGE_FOLDERS = ("aips", "registers")


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

    @property
    def identifier(self) -> str:
        """The package identifier (档号.v版本) its dossier would be given."""
        newest = next(
            d for d in self.metadata["dossiers"] if d["version"] == self.version
        )
        return f"{newest['archival_code']}.v{self.version}"


@dataclass
class BatchFound:
    """One validated package of a disposition batch and its record."""

    path: Path
    bag: bagit.Bag
    record: dict[str, Any]
    tagmanifest_sha256: str

    @property
    def version(self) -> int:
        return int(self.bag.info["Package-Version"])

    @property
    def key(self) -> tuple[str, str]:
        return self.record["agency"]["code"], self.record["batch"]["number"]


@dataclass
class RegisterFound:
    """One validated retention register package of an agency."""

    path: Path
    bag: bagit.Bag
    holds: dict[str, Any]
    schedule: dict[str, Any]
    tagmanifest_sha256: str

    @property
    def version(self) -> int:
        return int(self.bag.info["Package-Version"])

    @property
    def key(self) -> str:
        return self.holds["agency"]["code"]


class Unusable(Exception):
    """A package or case that cannot be imported; the message says why."""


# What metadata that does not fit the catalogue raises while it is restored.
IMPORT_ERRORS = (
    Unusable,
    ValidationError,
    IntegrityError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
)


def newest_first(found: Iterable[BatchFound | RegisterFound]) -> dict:
    """Each register's versions found (by `key`), newest first, one per version."""
    registers: dict[Any, dict[int, Any]] = {}
    for item in found:
        registers.setdefault(item.key, {}).setdefault(item.version, item)
    return {
        key: [v[n] for n in sorted(v, reverse=True)] for key, v in registers.items()
    }


def bag_paths(root: Path) -> list[Path]:
    """Every bag under `root` (under its `aips/` and `registers/` when `root`
    is a location)."""
    bases = [root / f for f in PACKAGE_FOLDERS if (root / f).is_dir()] or [root]
    bags = []
    for base in bases:
        for dirpath, dirnames, filenames in os.walk(base):
            if "bagit.txt" in filenames:
                bags.append(Path(dirpath))
                dirnames.clear()  # files inside a bag are its payload
                continue
            # `.incoming-…` folders are copies being written, never packages.
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return sorted(bags)


def bag_read(path: Path) -> Found | BatchFound | RegisterFound:
    """A dossier's, a disposition batch's or an agency's register package,
    validated."""
    if (path / "data" / "batch.json").is_file():
        return batch_read(path)
    if (path / "data" / HOLDS_FILE).is_file():
        return register_read(path)
    return package_read(path)


def _validated(path: Path) -> bagit.Bag:
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
    if not (path / TAGMANIFEST).is_file():
        raise Unusable(f"缺少 {TAGMANIFEST}，未导入。")
    return bag


def batch_read(path: Path) -> BatchFound:
    bag = _validated(path)
    record = _json(path / "data" / "batch.json")
    if not isinstance(record, dict) or record.get("profile") != BATCH_PROFILE:
        raise Unusable(f"不是 {BATCH_PROFILE} 销毁清册保存包，未导入。")
    found = BatchFound(path, bag, record, files.digest(path / TAGMANIFEST))
    try:
        _version, _key = found.version, found.key
    except (KeyError, TypeError, ValueError) as exc:
        raise Unusable(
            f"batch.json 或 bag-info.txt 不完整（{exc!r}），未导入。"
        ) from exc
    return found


def register_read(path: Path) -> RegisterFound:
    bag = _validated(path)
    holds = _json(path / "data" / HOLDS_FILE)
    schedule = _json(path / "data" / SCHEDULE_FILE)
    for record in (holds, schedule):
        if not isinstance(record, dict) or record.get("profile") != REGISTER_PROFILE:
            raise Unusable(
                f"不是 {REGISTER_PROFILE} 保管期限与冻结登记保存包，未导入。"
            )
    found = RegisterFound(path, bag, holds, schedule, files.digest(path / TAGMANIFEST))
    try:
        _version, _key = found.version, found.key
    except (KeyError, TypeError, ValueError) as exc:
        raise Unusable(f"登记或 bag-info.txt 不完整（{exc!r}），未导入。") from exc
    return found


def package_read(path: Path) -> Found:
    bag = _validated(path)
    metadata = _json(path / "data" / "metadata" / "dossier.json")
    if not isinstance(metadata, dict) or metadata.get("profile") != AIP_PROFILE:
        raise Unusable(f"不是 {AIP_PROFILE} 保存包，未导入。")
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
