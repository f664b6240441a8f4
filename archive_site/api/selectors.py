"""Reads of the producers' API, always within the token's agency.

`sip_uploads_needed` is the exception: it answers the storage janitor (which
asks across agencies) which uploaded packages a submission still waits for.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from archive_site.api.models import ProducerToken, SipState, SipSubmission
from archive_site.api.runs import upload_path
from dossiers.models import Case, Dossier


def producer_case_get(*, token: ProducerToken, case_number: str) -> Case | None:
    """The token's agency's case `case_number` (with its state), else None."""
    return (
        Case.objects.with_state()
        .filter(agency=token.agency, case_number=case_number)
        .first()
    )


def producer_dossier_newest(case: Case) -> Dossier | None:
    return case.dossiers.order_by("-version").first()


def producer_submission_get(
    *, token: ProducerToken, submission_id: int
) -> SipSubmission | None:
    """A submission of the token's agency (any of its tokens), else None."""
    return (
        SipSubmission.objects.select_related("report")
        .filter(agency=token.agency, pk=submission_id)
        .first()
    )


def sip_stale(submission: SipSubmission) -> bool:
    """Whether an unfinished submission's worker died (no recent heartbeat)."""
    if submission.state not in (SipState.QUEUED, SipState.RUNNING):
        return False
    seen = submission.progress.get("at")
    last = dt.datetime.fromisoformat(seen) if seen else submission.received_at
    age = (timezone.now() - last).total_seconds()
    return age > settings.PRODUCER_API_STALE_SECONDS


def sip_uploads_needed(names: list[str]) -> Iterable[str]:
    """The names among `names` (files in staging/uploads/) an ingest still needs.

    A queued submission's task may still be waiting for a worker, so its
    package stays however old; a running one's stays while its worker is alive.
    A finished submission no longer reads its package, and a dead worker's is
    brought again by the next upload of the same bytes (`submissions`).
    """
    digests = {name.rpartition("-")[2] for name in names}
    unfinished = SipSubmission.objects.filter(
        digest__in=digests, state__in=(SipState.QUEUED, SipState.RUNNING)
    ).select_related("agency")
    for submission in unfinished:
        if submission.state == SipState.QUEUED or not sip_stale(submission):
            yield upload_path(submission).name
