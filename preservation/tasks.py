"""Background jobs of preservation; each takes ids only and calls one service."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dossiers.models import Case, Dossier
from preservation.services.aips import package_write
from preservation.services.text_ocr import case_texts_ocr
from preservation.services.texts import case_changed_announce, case_texts_extract

NEXT_RUN = dt.timedelta(days=1)


@task()
def package_write_task(dossier_id: int) -> str:
    """Write the AIP of a sealed dossier version (runs after the seal commits)."""
    return package_write(dossier=Dossier.objects.get(pk=dossier_id)).identifier


@task()
def case_texts_task(case_id: int) -> dict:
    """Extract the text layers of a new case's documents (after ingest commits)."""
    case = Case.objects.get(pk=case_id)
    report = case_texts_extract(case=case)
    if not report.extracted:
        # A new case without documents to read is still news to search.
        case_changed_announce(case=case)
    if report.empty_pages and settings.ARCHIVE_OCR_ENGINE:
        transaction.on_commit(lambda: case_ocr_task.enqueue(case_id))
    return {"extracted": report.extracted, "pages": report.pages}


@task()
def case_ocr_task(case_id: int) -> dict:
    """OCR a case's pages without a text layer (after its texts are extracted)."""
    return case_texts_ocr(case=Case.objects.get(pk=case_id)).as_json()


def case_texts_schedule(*, case: Case) -> None:
    """Extract the case's texts in a task once the current transaction commits.

    Ingest and rebuild call this; it lives beside its task so that the texts
    service never imports the tasks that import it.
    """
    pk = case.pk
    transaction.on_commit(lambda: case_texts_task.enqueue(pk))


@task()
def fixity_audit_task() -> dict:
    """Audit the copies that are due, then schedule the next run for tomorrow.

    Start the cycle once with `manage.py fixity_schedule`; a django-tasks worker
    (`manage.py db_worker` with the database backend) runs it from then on.
    """
    from preservation.services.completeness import completeness_check
    from preservation.services.fixity import copies_due, fixity_check_run

    report = fixity_check_run(copies=copies_due())
    completeness = completeness_check()
    if fixity_audit_task.get_backend().supports_defer:
        # Only a real queue can hold tomorrow's run; the in-process backend
        # would run it at once, forever.
        fixity_audit_task.using(run_after=timezone.now() + NEXT_RUN).enqueue()
    return {**report.as_json(), **completeness.as_json()}


@task()
def storage_janitor_task() -> dict:
    """Remove leftovers older than the grace period, then book tomorrow's run.

    Start the cycle once with `manage.py storage_janitor --schedule`; the
    worker also runs the janitor itself each time it starts.
    """
    from preservation.services.janitor import storage_janitor_run

    report = storage_janitor_run()
    if storage_janitor_task.get_backend().supports_defer:
        storage_janitor_task.using(run_after=timezone.now() + NEXT_RUN).enqueue()
    return report.as_json()


@task()
def package_fixity_task(package_id: int) -> dict:
    """Verify (and repair from a good copy) every copy of one package, now."""
    from preservation.models import Package
    from preservation.services.fixity import fixity_check_run

    copies = Package.objects.get(pk=package_id).copies.all()
    return fixity_check_run(copies=copies).as_json()
