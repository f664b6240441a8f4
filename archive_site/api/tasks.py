"""Background jobs of the producers' API; each calls one service."""

from django_tasks import task

from archive_site.api.runs import sip_ingest_run


@task()
def sip_ingest_task(submission_id: int) -> dict:
    """Ingest one uploaded package (`manage.py db_worker` runs it)."""
    submission = sip_ingest_run(submission_id=submission_id)
    return {"state": submission.state}
