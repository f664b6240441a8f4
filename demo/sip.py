"""Write a case as a BagIt submission package (SIP), optionally serialised.

The bag is built in a hidden staging directory beside the target and only
renamed into place once complete, so a crash never leaves a half-written bag
where an ingest job could find it. ``write_sip`` checks nothing about
``case_json`` (tests use it to build deliberately broken packages); it only
refuses file paths that would land outside ``data/``.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

SERIALIZATIONS = {"dir": "", "zip": ".zip", "tar": ".tar", "tar.gz": ".tar.gz"}
TAR_MODES = {"tar": "w", "tar.gz": "w:gz"}


def write_sip(
    target: Path,
    case_json: Mapping[str, Any] | None,
    files: Mapping[str, bytes],
    *,
    bag_info: Mapping[str, str | None] | None = None,
    serialization: str = "dir",
) -> Path:
    """Write ``case_json`` and ``files`` as a bag named ``target.name``.

    Args:
        target: the bag directory to create; archives are written beside it
            as ``<target>.zip``/``.tar``/``.tar.gz`` with the bag as their
            single top folder.
        case_json: written to ``data/case.json``; ``None`` writes no
            case.json (a ``"case.json"`` key in ``files`` overrides it).
        files: payload bytes by path relative to ``data/``.
        bag_info: extra bag-info tags; a ``None`` value drops a default tag.
        serialization: ``dir``, ``zip``, ``tar`` or ``tar.gz``.

    Returns:
        The bag directory or the archive file.

    Raises:
        ValueError: an unknown serialization or a path escaping ``data/``.
        FileExistsError: the result already exists.
    """
    target = Path(target)
    final = _target_prepare(target, serialization)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        bag_dir = staging / target.name
        _write_payload(bag_dir, case_json, files)
        bagit.make_bag(
            str(bag_dir), _bag_info(case_json, bag_info), checksums=["sha256"]
        )
        _publish(bag_dir, final, serialization)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _target_prepare(target: Path, serialization: str) -> Path:
    # What write_sip will create: refused if it exists, else its folder is made.
    if serialization not in SERIALIZATIONS:
        raise ValueError(f"未知的序列化方式：{serialization}。")
    final = target.with_name(target.name + SERIALIZATIONS[serialization])
    if final.exists():
        raise FileExistsError(final)
    target.parent.mkdir(parents=True, exist_ok=True)
    return final


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if not path or relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"载荷路径必须位于 data/ 之内：{path!r}。")
    return relative


def _write_payload(
    bag_dir: Path, case_json: Mapping[str, Any] | None, files: Mapping[str, bytes]
) -> None:
    bag_dir.mkdir()
    if case_json is not None:
        text = json.dumps(case_json, ensure_ascii=False, indent=2)
        (bag_dir / "case.json").write_text(text + "\n", encoding="utf-8")
    for name, data in files.items():
        path = bag_dir / _safe_relative(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _bag_info(
    case_json: Mapping[str, Any] | None, extra: Mapping[str, str | None] | None
) -> dict[str, str]:
    case = case_json.get("case") if isinstance(case_json, Mapping) else None
    case = case if isinstance(case, Mapping) else {}
    agency = case.get("agency") if isinstance(case.get("agency"), Mapping) else {}
    tags: dict[str, Any] = {
        "Source-Organization": agency.get("name"),
        "External-Identifier": case.get("case_number"),
    }
    tags.update(extra or {})
    return {key: str(value) for key, value in tags.items() if value is not None}


def _publish(bag_dir: Path, final: Path, serialization: str) -> None:
    if serialization == "dir":
        bag_dir.replace(final)
        return
    archive = bag_dir.with_name(final.name)
    if serialization == "zip":
        _zip(bag_dir, archive)
    else:
        with tarfile.open(archive, TAR_MODES[serialization]) as tar:
            tar.add(bag_dir, arcname=bag_dir.name)
    archive.replace(final)


def _zip(bag_dir: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(bag_dir.rglob("*")):
            arcname = path.relative_to(bag_dir.parent).as_posix()
            bundle.write(path, arcname)
