"""Signed checkpoints of the access log's head, and the anchors that copy them.

`access_log_checkpoint_sign` signs (Ed25519, `access_control.signing`) the
head as it stands: the last entry's sequence number and hash and the number of
entries. The latest checkpoint is the *anchor* that every new AIP
(`data/metadata/dossier.json`, key `access_log_anchor`) and disc manifest
(`disc-manifest.json`) carries. `checkpoints_verify` and `anchors_verify`
report the first checkpoint or anchor that the log no longer matches: entries
removed after it was signed, a head reset below it, a forged or unsigned one.
They are called by `access_log_verify`; they never write.
"""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from access_control import signing
from access_control.models import AccessLogCheckpoint, AccessLogEntry, AccessLogHead

DOSSIER_JSON = "data/metadata/dossier.json"
SIGNED_FIELDS = ("sequence", "entry_hash", "entry_count", "signed_at", "key_id")


def _message(anchor: dict[str, Any]) -> bytes:
    signed = {name: anchor[name] for name in SIGNED_FIELDS}
    return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_anchor(checkpoint: AccessLogCheckpoint) -> dict[str, Any]:
    """A checkpoint as the JSON that packages and disc manifests carry."""
    return {
        "sequence": checkpoint.sequence,
        "entry_hash": checkpoint.entry_hash,
        "entry_count": checkpoint.entry_count,
        "signed_at": checkpoint.signed_at.isoformat(),
        "key_id": checkpoint.key_id,
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
    }


@transaction.atomic
def access_log_checkpoint_sign() -> AccessLogCheckpoint:
    """Sign the log's head as it stands now (the head row is locked meanwhile).

    Raises:
        ImproperlyConfigured: no usable signing key is configured.
    """
    head, _ = AccessLogHead.objects.select_for_update().get_or_create(pk=1)
    key = signing.signing_key()
    public_key = signing.public_key_text(key)
    checkpoint = AccessLogCheckpoint(
        sequence=head.last_sequence,
        entry_hash=head.last_hash,
        entry_count=AccessLogEntry.objects.count(),
        signed_at=timezone.now().replace(microsecond=0),
        key_id=signing.key_id(public_key),
        public_key=public_key,
    )
    checkpoint.signature = signing.sign(_message(checkpoint_anchor(checkpoint)))
    checkpoint.full_clean()
    checkpoint.save()
    return checkpoint


def access_log_anchor() -> dict[str, Any] | None:
    """The latest signed checkpoint, for new packages and discs; None if none yet."""
    latest = AccessLogCheckpoint.objects.order_by("-signed_at", "-pk").first()
    return checkpoint_anchor(latest) if latest else None


def anchor_problem(anchor: dict[str, Any], *, where: str) -> str:
    """Why the log no longer matches `anchor` (found `where`), or ""."""
    trusted = signing.trusted_public_keys()
    try:
        signed = trusted.get(anchor["key_id"]) == anchor["public_key"]
        signed = signed and signing.signature_valid(
            public_key=anchor["public_key"],
            signature=anchor["signature"],
            message=_message(anchor),
        )
    except (KeyError, TypeError):
        return f"{where}的检查点格式不完整。"
    if not signed:
        return f"{where}的检查点签名无效或不是本馆密钥所签。"
    return _coverage_problem(anchor, where)


def _coverage_problem(anchor: dict[str, Any], where: str) -> str:
    sequence = anchor["sequence"]
    head = AccessLogHead.objects.filter(pk=1).first()
    if head is None or head.last_sequence < sequence:
        return f"{where}签署时日志已有 {sequence} 条，日志头现已退回，日志被截断。"
    if sequence == 0:
        return ""
    entry = AccessLogEntry.objects.filter(sequence=sequence).first()
    if entry is None or entry.entry_hash != anchor["entry_hash"]:
        return f"{where}签署的第 {sequence} 条日志已不存在或已被替换。"
    covered = AccessLogEntry.objects.filter(sequence__lte=sequence).count()
    if covered != anchor["entry_count"]:
        return f"{where}签署时共 {anchor['entry_count']} 条，现仅余 {covered} 条。"
    return ""


def checkpoints_verify() -> tuple[int, str]:
    """Check every stored checkpoint; (how many, first problem or "")."""
    count = 0
    for checkpoint in AccessLogCheckpoint.objects.order_by("signed_at", "pk"):
        where = f"{checkpoint.signed_at:%Y-%m-%d %H:%M} 的签名检查点"
        problem = anchor_problem(checkpoint_anchor(checkpoint), where=where)
        if problem:
            return count, problem
        count += 1
    return count, ""


def anchors_verify(sources: Iterable[tuple[str, Path]]) -> tuple[int, str]:
    """Check the anchors in package metadata or disc manifests (JSON files).

    Args:
        sources: (description, path of a dossier.json or disc-manifest.json).
    """
    count = 0
    for where, path in sources:
        try:
            anchor = json.loads(path.read_text(encoding="utf-8")).get(
                "access_log_anchor"
            )
        except (OSError, ValueError) as exc:
            return count, f"无法读取{where}（{path}）：{exc}"
        if anchor is None:
            continue
        problem = anchor_problem(anchor, where=where)
        if problem:
            return count, problem
        count += 1
    return count, ""


def package_anchor_sources() -> list[tuple[str, Path]]:
    """The metadata file of every stored package (primary copy) that exists."""
    from preservation.models import Package, PackageLocation
    from preservation.services.aips import package_path

    sources = []
    for package in Package.objects.order_by("pk"):
        path = package_path(package, PackageLocation.PRIMARY) / DOSSIER_JSON
        if path.is_file():
            sources.append((f"保存包 {package.identifier} ", path))
    return sources


def manifest_anchor_sources(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    return [(f"光盘清单 {Path(p).name} ", Path(p)) for p in paths]
