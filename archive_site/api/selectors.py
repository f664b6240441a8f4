"""Reads of the producers' API, always within the token's agency."""

from archive_site.api.models import ProducerToken, SipSubmission
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
