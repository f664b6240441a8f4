"""Packages received through the API: one row per agency and upload digest.

`sip_receive` files an uploaded package (already streamed to staging and
hashed by `uploads`) and schedules its ingest; the same bytes again answer
with the first row, also when two uploads race (the unique constraint
decides). The task runs `runs.sip_ingest_run`, restricted to the token's
agency.
A submission whose worker died (no progress for `PRODUCER_API_STALE_SECONDS`)
is taken up again by the next upload of the same package; ingest is
kill-safe and idempotent, so the next attempt completes.
"""

import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from archive_site.api.models import ProducerToken, SipState, SipSubmission
from archive_site.api.runs import upload_path
from archive_site.api.selectors import sip_stale
from archive_site.api.tasks import sip_ingest_task

logger = logging.getLogger(__name__)


def sip_receive(
    *, token: ProducerToken, upload: Path, name: str, digest: str, size: int
) -> SipSubmission:
    """File an uploaded package and schedule its ingest (once per digest).

    Args:
        token: the token it was sent with; the package goes to its agency.
        upload: the uploaded file in staging; moved or removed here.
        name: the upload's original file name.
        digest: the SHA-256 of the upload.
        size: its length in bytes.

    Returns:
        The submission: new, or the first one with the same digest.
    """
    try:
        with transaction.atomic():
            submission = SipSubmission.objects.create(
                agency=token.agency,
                token=token,
                package_name=name[:255],
                digest=digest,
                size=size,
            )
    except IntegrityError:
        return _existing(token, upload, digest)
    _place(upload, submission)
    _schedule(submission)
    return submission


def _existing(token: ProducerToken, upload: Path, digest: str) -> SipSubmission:
    submission = SipSubmission.objects.get(agency=token.agency, digest=digest)
    if sip_stale(submission):
        # Its worker died: this upload is the package's next attempt.
        logger.warning("Restarting stale API submission %s", submission.pk)
        _place(upload, submission)
        _schedule(submission)
    else:
        upload.unlink(missing_ok=True)
    return submission


def _place(upload: Path, submission: SipSubmission) -> None:
    target = upload_path(submission)
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.replace(target)


def _schedule(submission: SipSubmission) -> None:
    pk = submission.pk
    SipSubmission.objects.filter(pk=pk).update(
        state=SipState.QUEUED, progress={"at": timezone.now().isoformat()}
    )
    transaction.on_commit(lambda: sip_ingest_task.enqueue(pk))
