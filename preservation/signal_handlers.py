"""A sealed dossier gets its archival package, written after the seal commits."""

from django.db import transaction

from dossiers.models import Dossier
from dossiers.signals import dossier_sealed


def _dossier_sealed(sender, dossier: Dossier, **kwargs) -> None:
    from preservation.tasks import package_write_task

    # Only once the seal is committed: a rolled-back seal writes nothing.
    pk = dossier.pk
    transaction.on_commit(lambda: package_write_task.enqueue(pk))


def register_signal_handlers() -> None:
    dossier_sealed.connect(_dossier_sealed, dispatch_uid="package_write_on_seal")
