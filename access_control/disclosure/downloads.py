"""Expiring download links for the released information.

A link carries a random token (about 190 bits); the table keeps only its
HMAC, so a database reader cannot download. A link works until the end of
its local date (`expires_on`, inclusive); after that it says so. Every
download is an access-log entry (action 下载材料, 事由 政府信息公开申请人下载,
with the 受理编号 and the file's digest) and an event on the application,
written before a byte is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from access_control.disclosure.applications import event_record
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureDownloadLink,
    DisclosureFile,
    EventKind,
)
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record

DEFAULT_DAYS = 15


def _token_digest(token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"download:" + token.encode(), hashlib.sha256).hexdigest()


def download_link_create(
    application: DisclosureApplication,
    file: DisclosureFile,
    *,
    by,
    days: int = DEFAULT_DAYS,
) -> tuple[DisclosureDownloadLink, str]:
    """A new link to `file` valid for `days` days from today (today counted).

    Returns the link and its token: the token exists only in the URL given
    to the applicant.
    """
    if file.application_id != application.pk:
        raise ValueError("文件不属于该申请。")
    if file.kind not in (DisclosureFile.Kind.RELEASE, DisclosureFile.Kind.AV_NOTE):
        raise ValueError("只有公开件可以生成下载链接。")
    token = secrets.token_urlsafe(24)
    link = DisclosureDownloadLink.objects.create(
        application=application,
        file=file,
        token_digest=_token_digest(token),
        expires_on=timezone.localdate() + dt.timedelta(days=max(days, 1) - 1),
        created_by=by,
    )
    return link, token


@dataclass(frozen=True)
class Resolved:
    link: DisclosureDownloadLink | None
    expired: bool

    @property
    def usable(self) -> bool:
        return self.link is not None and not self.expired


def download_link_resolve(token: str) -> Resolved:
    """The link of `token`: unknown (link None), expired, or usable."""
    link = (
        DisclosureDownloadLink.objects.select_related("file", "application")
        .filter(token_digest=_token_digest(token))
        .first()
    )
    if link is None:
        return Resolved(None, expired=False)
    return Resolved(link, expired=link.expires_on < timezone.localdate())


def download_record(link: DisclosureDownloadLink, *, request=None) -> None:
    """Log one download of a usable link (before the bytes are sent)."""
    applicant_download_log(link.file, request=request, link=link.pk)
    DisclosureDownloadLink.objects.filter(pk=link.pk).update(
        downloads=F("downloads") + 1
    )


def applicant_download_log(file: DisclosureFile, *, request=None, **extra) -> None:
    """The applicant's download of one of the application's files (a letter
    from the status page, a release through a link): an access-log entry and
    an event, both before a byte is sent. `extra` goes into both (link=…)."""
    access_log_record(
        user=None,
        action=AccessAction.DOWNLOAD,
        obj=file,
        request=request,
        reason=ReadPurpose.DISCLOSURE_DOWNLOAD,
        data={
            "application": file.application.number,
            "file_name": file.file_name,
            "sha256": file.digest,
            **extra,
        },
    )
    event_record(
        file.application,
        EventKind.DOWNLOADED,
        note=file.file_name,
        data={"file": file.pk, **extra},
    )
