"""Reads of preservation records."""

from dossiers.models import Case
from preservation.models import IngestReport, IngestStatus


def ingest_report_for_case(*, case: Case) -> IngestReport | None:
    """The report of the submission that created this case."""
    return (
        IngestReport.objects.filter(case=case, status=IngestStatus.ACCEPTED)
        .order_by("received_at")
        .first()
    )
