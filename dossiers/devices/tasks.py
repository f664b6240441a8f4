"""Background jobs of the device register; each takes ids only.

The AV compliance rows of a case are recomputed after commit whenever the
case changes (`signal_handlers`) or the register or ledger of a device its
recordings name does (`services`).
"""

from django.db import transaction
from django_tasks import task

from dossiers.models import Agency, Case


@task()
def av_compliance_case_task(case_id: int) -> int:
    """Recompute one case's AV compliance rows; return its recordings' count."""
    from dossiers.devices.compliance import av_compliance_refresh

    case = Case.objects.filter(pk=case_id).first()
    if case is None or case.destroyed_at is not None:
        return 0
    return len(av_compliance_refresh(case=case).recordings)


@task()
def av_compliance_agency_task(agency_id: int, codes: list[str] | None) -> int:
    """Recompute the rows of the agency's cases whose recordings name one of
    `codes` (every case with recordings when None); return the cases' count."""
    from dossiers.devices.compliance import av_compliance_refresh, compliance_cases

    cases = compliance_cases(agency=Agency.objects.get(pk=agency_id))
    if codes is not None:
        cases = cases.filter(materials__av__device__in=codes).distinct()
    count = 0
    for case in cases.iterator(chunk_size=200):
        av_compliance_refresh(case=case)
        count += 1
    return count


def av_compliance_schedule(*, agency: Agency, codes: list[str] | None) -> None:
    """Recompute the compliance rows the devices `codes` touch, after commit."""
    pk = agency.pk
    transaction.on_commit(lambda: av_compliance_agency_task.enqueue(pk, codes))
