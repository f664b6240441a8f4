"""Background jobs of access control; each calls one service."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from access_control.checkpoints import access_log_checkpoint_sign
from access_control.disclosure.workflow import disclosure_daily
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from access_control.throttle import access_log_summaries_write
from preservation.models import DiscExport
from preservation.services.discs import disc_export_run

NEXT_RUN = dt.timedelta(days=1)


@task()
def access_log_checkpoint_task() -> dict:
    """Sign today's checkpoint of the access log, then schedule tomorrow's.

    Start the cycle once with `manage.py access_log_checkpoint --schedule`; a
    django-tasks worker (`manage.py db_worker`) runs it from then on.
    """
    access_log_summaries_write()
    checkpoint = access_log_checkpoint_sign()
    if access_log_checkpoint_task.get_backend().supports_defer:
        # Only a real queue can hold tomorrow's run; the in-process backend
        # would run it at once, forever.
        access_log_checkpoint_task.using(run_after=timezone.now() + NEXT_RUN).enqueue()
    return {"sequence": checkpoint.sequence, "entry_hash": checkpoint.entry_hash}


@task()
def disclosure_daily_task() -> dict:
    """The 政府信息公开 desk's daily round, then schedule tomorrow's
    (`manage.py disclosure_daily --schedule` starts the cycle)."""
    result = disclosure_daily()
    if disclosure_daily_task.get_backend().supports_defer:
        disclosure_daily_task.using(run_after=timezone.now() + NEXT_RUN).enqueue()
    return result


@task()
def disc_export_task(export_id: int) -> dict:
    """Write the discs of a browser-started export, logging each package read."""
    export = DiscExport.objects.select_related("requested_by").get(pk=export_id)

    def log_read(package, disc_number: str) -> None:
        access_log_record(
            user=export.requested_by,
            action=AccessAction.DOWNLOAD,
            obj=package.dossier,
            case_number=package.dossier.case.case_number,
            reason=ReadPurpose.DISC_BURN,
            data={"disc": disc_number, "package": package.identifier},
        )

    export = disc_export_run(export=export, on_read=log_read)
    return {"status": export.status, "message": export.message}
