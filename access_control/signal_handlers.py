"""Give every new agency its archivists group, holding the agency's records."""

from django.db.models.signals import post_save

from dossiers.models import Agency


def _agency_saved(sender, instance: Agency, created: bool, **kwargs) -> None:
    if created:
        from access_control.services import agency_archivists_group

        agency_archivists_group(instance)


def register_signal_handlers() -> None:
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="agency_archivists")
