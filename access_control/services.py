"""Writes of access control: the access log, object permissions and roles.

The access log is hash-chained: each entry's hash covers its own fields and the
previous entry's hash. Appending locks a single head row, so concurrent writers
produce one unbroken chain. Callers write the log entry *before* sending any
content (invariant 2): `access_log_record` commits on its own. It fails closed:
with the head row missing or disagreeing with the last entry it raises
`AccessLogDamaged` (answered 503 by `access_control.middleware`) instead of
forking the chain. `access_log_verify` also checks the head, the signed
checkpoints and the anchors in packages and disc manifests (`checkpoints`).
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from access_control.checkpoints import (
    anchors_verify,
    checkpoints_verify,
    manifest_anchor_sources,
    package_anchor_sources,
)
from access_control.models import (
    VIEW_AGENCY_RECORDS,
    VIEW_CASE,
    AccessLogEntry,
    AccessLogHead,
)
from dossiers.models import Agency, Case, EventType
from dossiers.services import case_event_record

ARCHIVIST_ROLE = "档案管理员"
ARCHIVIST_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("dossiers", "view_case"),
    ("dossiers", "view_dossier"),
    ("dossiers", "change_dossier"),
    ("preservation", "add_ingestreport"),
    ("preservation", "view_ingestreport"),
    ("preservation", "view_package"),
    ("preservation", "view_disc"),
    ("preservation", "add_disc"),
    # 案卷评查: the archivists draw the rounds and may review too.
    ("dossier_review", "view_reviewround"),
    ("dossier_review", "add_reviewround"),
    ("dossier_review", "change_reviewround"),
    ("dossier_review", "view_dossierreview"),
    ("dossier_review", "change_dossierreview"),
]
GENESIS_HASH = "0" * 64
logger = logging.getLogger(__name__)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


def _user_id_value(user_key: str) -> int | str | None:
    # Hashed as the integer the chain has always hashed, from the text kept at
    # the time, so the entry verifies whatever later happens to the account.
    if not user_key:
        return None
    return int(user_key) if user_key.isdigit() else user_key


def _hash_fields(entry: AccessLogEntry) -> dict[str, Any]:
    return {
        "sequence": entry.sequence,
        "timestamp": entry.timestamp.isoformat(),
        "user_id": _user_id_value(entry.user_key),
        "username": entry.username,
        "action": entry.action,
        "content_type_id": entry.content_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "case_number": entry.case_number,
        "ip_address": entry.ip_address,
        "user_agent": entry.user_agent,
        "reason": entry.reason,
        "data": entry.data,
        "previous_hash": entry.previous_hash,
    }


def entry_digest(entry: AccessLogEntry) -> str:
    canonical = json.dumps(
        _hash_fields(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def access_log_record(
    *,
    user,
    action: str,
    obj: models.Model | None = None,
    case_number: str = "",
    request=None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    address: str | None = None,
) -> AccessLogEntry:
    """Append one entry to the access log.

    Args:
        user: who read (or tried to); anonymous users are recorded by address.
        action: an `AccessAction` code.
        obj: what was read.
        case_number: the case it belongs to, for the case's own access history.
        request: the HTTP request, for the address and client.
        reason: why (查阅事由).
        data: anything else worth keeping.
        address: the client's address when there is no request (summaries).
    """
    head = _head_for_append()
    entry = _entry_build(
        head,
        user=user,
        action=action,
        obj=obj,
        case_number=case_number,
        request=request,
        reason=reason,
        data=data,
        address=address,
    )
    entry.entry_hash = entry_digest(entry)
    entry.save()
    head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return entry


def _entry_build(
    head: AccessLogHead,
    *,
    user,
    action,
    obj,
    case_number,
    request,
    reason,
    data,
    address,
) -> AccessLogEntry:
    # The unsaved entry that follows `head`; the caller hashes and stores it.
    authenticated = bool(user and user.is_authenticated)
    return AccessLogEntry(
        sequence=head.last_sequence + 1,
        # Whole microseconds survive every database's datetime column unchanged.
        timestamp=timezone.now(),
        user=user if authenticated else None,
        user_key=str(user.pk) if authenticated else "",
        username=user.get_username() if authenticated else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj else None,
        object_id=str(obj.pk) if obj else "",
        object_repr=str(obj)[:500] if obj else "",
        case_number=case_number,
        ip_address=_client_ip(request) or address,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        reason=reason[:300],
        data=data or {},
        previous_hash=head.last_hash,
    )


class AccessLogDamaged(Exception):
    """The log's head is missing or disagrees with its last entry: stop reading."""

    message = (
        "访问日志头记录缺失或与最后一条日志不符，系统已停止提供内容。"
        "请管理员运行 access_log_verify 查明原因。"
    )


def _head_for_append() -> AccessLogHead:
    # Fail closed: with the head gone or reset, appending would fork the chain
    # (or collide with an existing sequence number), so nothing is served.
    head = AccessLogHead.objects.select_for_update().filter(pk=1).first()
    last = (
        AccessLogEntry.objects.order_by("-sequence")
        .only("sequence", "entry_hash")
        .first()
    )
    if head is None and last is None:
        head, _ = AccessLogHead.objects.get_or_create(pk=1)
    if head is None or (head.last_sequence, head.last_hash) != (
        (last.sequence, last.entry_hash) if last else (0, GENESIS_HASH)
    ):
        raise AccessLogDamaged(AccessLogDamaged.message)
    return head


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None
    message: str = ""
    checkpoints: int = 0
    anchors: int = 0


def access_log_verify(*, manifests: list[Path] = ()) -> ChainReport:
    """Recompute the chain, then check the head, checkpoints and anchors.

    Args:
        manifests: disc-manifest.json files (from discs) whose anchors to check
            too; the anchors in every stored package are always checked.

    Returns:
        The first problem found, or how many entries, checkpoints and anchors
        were checked.
    """
    broken, checked, previous = _chain_verify()
    if broken:
        return broken
    problem = _head_problem(checked, previous)
    if problem:
        return ChainReport(False, checked, checked + 1, problem)
    checkpoints, problem = checkpoints_verify()
    if not problem:
        sources = [*package_anchor_sources(), *manifest_anchor_sources(manifests)]
        anchors, problem = anchors_verify(sources)
    if problem:
        return ChainReport(False, checked, None, problem)
    return ChainReport(True, checked, checkpoints=checkpoints, anchors=anchors)


def _chain_verify() -> tuple[ChainReport | None, int, str]:
    previous, expected_sequence, checked = GENESIS_HASH, 1, 0
    for entry in AccessLogEntry.objects.order_by("sequence").iterator():
        problem = _chain_problem(entry, previous, expected_sequence)
        if problem:
            return ChainReport(False, checked, entry.sequence, problem), checked, ""
        previous, expected_sequence = entry.entry_hash, entry.sequence + 1
        checked += 1
    return None, checked, previous


def _head_problem(checked: int, previous: str) -> str:
    head = AccessLogHead.objects.filter(pk=1).first()
    if head is None:
        return "日志头记录缺失（可能连同末尾条目一起被删除）。"
    if (head.last_sequence, head.last_hash) != (checked, previous):
        return "日志末尾的条目被删除，或日志头被改动。"
    return ""


def _chain_problem(entry: AccessLogEntry, previous: str, sequence: int) -> str:
    if entry.sequence != sequence:
        return f"第 {sequence} 条日志缺失。"
    if entry.previous_hash != previous:
        return f"第 {entry.sequence} 条日志的前序摘要不符，日志链被改动。"
    if entry_digest(entry) != entry.entry_hash:
        return f"第 {entry.sequence} 条日志的内容与其摘要不符，该条被篡改。"
    return ""


@transaction.atomic
def user_deactivate(*, user, by=None) -> None:
    """Close an account instead of deleting it: its log entries must verify.

    Args:
        user: the account to close; it can no longer log in.
        by: who closed it (kept in the application log).
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    logger.info("用户 %s 已停用（操作人：%s）", user.get_username(), by or "系统")


def archivist_role_ensure() -> Group:
    """The site-wide archivist role: admin access, case list, ingest."""
    group, _ = Group.objects.get_or_create(name=ARCHIVIST_ROLE)
    for app_label, codename in ARCHIVIST_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def agency_archivists_group(agency: Agency) -> Group:
    """The group whose members keep (and may read) all records of `agency`."""
    group, created = Group.objects.get_or_create(
        name=f"{agency.name}（{agency.code}）档案管理员"
    )
    if created:
        assign_perm(VIEW_AGENCY_RECORDS, group, agency)
    return group


@transaction.atomic
def case_permission_grant(*, case: Case, grantee, by, reason: str) -> None:
    """Let a user or group open one case; recorded in the case's history."""
    assign_perm(VIEW_CASE, grantee, case)
    case_event_record(
        case=case,
        event_type=EventType.ACCESS_GRANTED,
        user=by,
        detail=f"授予 {grantee} 查阅权限：{reason}",
    )


@transaction.atomic
def case_permission_revoke(*, case: Case, grantee, by, reason: str) -> None:
    remove_perm(VIEW_CASE, grantee, case)
    case_event_record(
        case=case,
        event_type=EventType.ACCESS_REVOKED,
        user=by,
        detail=f"撤销 {grantee} 查阅权限：{reason}",
    )
