"""Background jobs of preservation; each takes ids only and calls one service."""

from django_tasks import task

from dossiers.models import Dossier
from preservation.services.aips import package_write


@task()
def package_write_task(dossier_id: int) -> str:
    """Write the AIP of a sealed dossier version (runs after the seal commits)."""
    return package_write(dossier=Dossier.objects.get(pk=dossier_id)).identifier
