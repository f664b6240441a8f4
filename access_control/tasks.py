"""Background jobs of access control; each calls one service."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from access_control.checkpoints import access_log_checkpoint_sign
from access_control.throttle import access_log_summaries_write

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
