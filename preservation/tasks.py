"""Background jobs of preservation; each takes ids only and calls one service."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from dossiers.models import Case, Dossier
from preservation.services.aips import package_write
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
    return {"extracted": report.extracted, "pages": report.pages}


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
def disc_export_task(export_id: int) -> dict:
    """Write the discs of a browser-started export, logging each package read."""
    from access_control.models import AccessAction
    from access_control.services import access_log_record
    from preservation.models import DiscExport
    from preservation.services.discs import disc_export_run

    export = DiscExport.objects.select_related("requested_by").get(pk=export_id)

    def log_read(package, disc_number: str) -> None:
        access_log_record(
            user=export.requested_by,
            action=AccessAction.DOWNLOAD,
            obj=package.dossier,
            case_number=package.dossier.case.case_number,
            reason="光盘刻录",
            data={"disc": disc_number, "package": package.identifier},
        )

    export = disc_export_run(export=export, on_read=log_read)
    return {"status": export.status, "message": export.message}


@task()
def package_fixity_task(package_id: int) -> dict:
    """Verify (and repair from a good copy) every copy of one package, now."""
    from preservation.models import Package
    from preservation.services.fixity import fixity_check_run

    copies = Package.objects.get(pk=package_id).copies.all()
    return fixity_check_run(copies=copies).as_json()
