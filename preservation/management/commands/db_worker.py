"""`manage.py db_worker …`: django-tasks-db's worker, cleaning storage first.

Every worker start runs the storage janitor once (leftovers older than the
grace period, see `preservation.services.janitor`), since a worker usually
restarts after the kind of crash that leaves them; then it works as usual.
This app is listed before `django_tasks_db`, so this command takes its name.
"""

import logging

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from preservation.services.janitor import storage_janitor_run

logger = logging.getLogger(__name__)


class Command(WorkerCommand):
    def handle(self, *args, **options):
        report = storage_janitor_run()
        logger.info(
            "Storage janitor at worker start: removed %d items, %d bytes.",
            len(report.removed),
            report.bytes,
        )
        return super().handle(*args, **options)
