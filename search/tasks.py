"""Background jobs of search; each takes ids only and calls one service."""

from django_tasks import task

from dossiers.models import Case
from search.services import case_search_record_refresh, case_search_record_remove


@task()
def case_search_record_task(case_id: int) -> int | None:
    """Re-index one case after a change to it has committed (or drop the
    record of a destroyed case)."""
    case = Case.objects.filter(pk=case_id).select_related("agency").first()
    if case is None:
        return None
    if case.destroyed_at is not None:
        case_search_record_remove(case=case)
        return None
    return case_search_record_refresh(case=case).pk
