"""The ingest of one API submission: the body of `tasks.sip_ingest_task`.

It runs the one ingest entry point, restricted to the token's agency, and keeps
the submission's state, progress (saved at most once a second, which is also
the heartbeat `submissions` uses to see a dead worker) and report.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from archive_site.api.models import SipState, SipSubmission
from preservation.services.ingest import package_ingest

UNFINISHED = (SipState.QUEUED, SipState.RUNNING)
PROGRESS_EVERY = dt.timedelta(seconds=1)


def upload_path(submission: SipSubmission) -> Path:
    """Where a submission's package waits for its ingest."""
    name = f"{submission.agency.code}-{submission.digest}"
    return Path(settings.ARCHIVE_STAGING) / "uploads" / name


def sip_ingest_run(*, submission_id: int) -> SipSubmission:
    """Ingest a received package into its token's agency and keep the result."""
    submission = SipSubmission.objects.select_related("agency").get(pk=submission_id)
    if submission.state not in UNFINISHED:
        return submission  # already answered; the same package is not ingested twice
    source = upload_path(submission)
    _progress_save(submission, state=SipState.RUNNING, files=0, bytes=0)
    report = package_ingest(
        source=source,
        package_name=submission.package_name,
        agency=submission.agency,
        progress=_progress_recorder(submission),
    )
    submission.report = report
    submission.state = report.status
    submission.progress = {
        **submission.progress,
        "at": timezone.now().isoformat(),
        "files": report.file_count,
        "bytes": report.byte_count,
    }
    submission.save(update_fields=["report", "state", "progress"])
    source.unlink(missing_ok=True)
    return submission


def _progress_save(submission: SipSubmission, *, state: str, **counts) -> None:
    submission.state = state
    submission.progress = {
        "at": timezone.now().isoformat(),
        "total_bytes": submission.size,
        **counts,
    }
    if submission.started_at is None:
        submission.started_at = timezone.now()
    submission.save(update_fields=["state", "progress", "started_at"])


def _progress_recorder(submission: SipSubmission):
    counts = {"files": 0, "bytes": 0}
    last = [timezone.now()]

    def record(_rel: str, size: int) -> None:
        counts["files"] += 1
        counts["bytes"] += size
        if timezone.now() - last[0] >= PROGRESS_EVERY:
            last[0] = timezone.now()
            _progress_save(submission, state=SipState.RUNNING, **counts)

    return record
