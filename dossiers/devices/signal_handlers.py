"""Keep each case's AV compliance rows in step with the catalogue."""

from django.db import transaction

from dossiers.models import Case
from dossiers.signals import case_changed


def _case_changed(sender, case: Case, **kwargs) -> None:
    from dossiers.devices.tasks import av_compliance_case_task

    pk = case.pk
    transaction.on_commit(lambda: av_compliance_case_task.enqueue(pk))


def register_signal_handlers() -> None:
    case_changed.connect(_case_changed, dispatch_uid="av_compliance_on_change")
