"""Background jobs of the device register; each takes ids only.

The AV compliance rows of a case are recomputed after commit whenever the
case changes (`signal_handlers`) or the register or ledger of a device its
recordings name does (`services`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


# While a batch is open (`av_compliance_batch`): agency pk → codes (None: all).
_batch: ContextVar[dict[int, set[str] | None] | None] = ContextVar(
    "av_compliance_batch", default=None
)


def av_compliance_schedule(*, agency: Agency, codes: list[str] | None) -> None:
    """Recompute the compliance rows the devices `codes` touch, after commit
    (in a batch: once per agency when the batch ends)."""
    pending = _batch.get()
    if pending is None:
        _enqueue_on_commit(agency.pk, codes)
    elif codes is None or pending.get(agency.pk, set()) is None:
        pending[agency.pk] = None
    else:
        pending.setdefault(agency.pk, set()).update(codes)


def _enqueue_on_commit(pk: int, codes) -> None:
    codes = sorted(codes) if codes is not None else None
    transaction.on_commit(lambda: av_compliance_agency_task.enqueue(pk, codes))


@contextmanager
def av_compliance_batch() -> Iterator[None]:
    """Collect the recomputations a batch of writes asks for (an import of a
    whole register) and schedule each agency's once."""
    token = _batch.set({})
    try:
        yield
        pending = _batch.get() or {}
    finally:
        _batch.reset(token)
    for pk, codes in pending.items():
        _enqueue_on_commit(pk, codes)
