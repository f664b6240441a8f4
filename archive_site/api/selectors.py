"""Reads of the producers' API, always within the token's agency.

`sip_uploads_needed` is the exception: it answers the storage janitor (which
asks across agencies) which uploaded packages a submission still waits for.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import BigIntegerField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from archive_site.api.models import (
    ProducerApiCall,
    ProducerToken,
    SipState,
    SipSubmission,
)
from archive_site.api.runs import upload_path
from dossiers.models import Agency, Case, Dossier


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


def producer_api_calls_for(
    *, agencies: list[Agency], everything: bool = False
) -> QuerySet[ProducerApiCall]:
    """The audit rows of calls with the tokens of `agencies`, newest first.

    A call refused before its token was checked (a revoked token, a wrong
    method) names the token only by the prefix presented; it counts as the
    call of the token with that prefix, so its agency is told. Each row has
    `owner_agency` (id) and `owner_agency_name`, None when no token matches.

    Args:
        agencies: the agencies whose calls may be shown.
        everything: also the calls no token matches (a superuser's).
    """
    by_prefix = ProducerToken.objects.filter(prefix=OuterRef("token_prefix"))
    calls = ProducerApiCall.objects.select_related("token").annotate(
        owner_agency=Coalesce(
            F("token__agency_id"),
            Subquery(by_prefix.values("agency_id")[:1]),
            output_field=BigIntegerField(),
        ),
        owner_agency_name=Coalesce(
            F("token__agency__name"), Subquery(by_prefix.values("agency__name")[:1])
        ),
    )
    if not everything:
        calls = calls.filter(owner_agency__in=[agency.pk for agency in agencies])
    return calls.order_by("-at", "-pk")


def producer_api_calls_of_token(
    calls: QuerySet[ProducerApiCall], *, token: ProducerToken
) -> QuerySet[ProducerApiCall]:
    """The calls among `calls` made with `token`, refused ones included."""
    return calls.filter(Q(token=token) | Q(token=None, token_prefix=token.prefix))
