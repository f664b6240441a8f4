"""Keep each case's search record in step with the catalogue."""

from django.db import transaction

from dossiers.models import Case
from dossiers.signals import case_changed


def _case_changed(sender, case: Case, **kwargs) -> None:
    from search.tasks import case_search_record_task

    # After commit: a rolled-back change is never indexed, and the task sees
    # what was committed.
    pk = case.pk
    transaction.on_commit(lambda: case_search_record_task.enqueue(pk))


def register_signal_handlers() -> None:
    case_changed.connect(_case_changed, dispatch_uid="search_record_on_change")
