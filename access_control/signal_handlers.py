"""Give every new agency its archivists group, holding the agency's records;
make the 告知书 a new 政府信息公开 event calls for."""

from django.db.models.signals import post_save

from dossiers.models import Agency


def _agency_saved(sender, instance: Agency, created: bool, **kwargs) -> None:
    if created:
        from access_control.services import agency_archivists_group

        agency_archivists_group(instance)


def _disclosure_event_saved(sender, instance, created: bool, **kwargs) -> None:
    # In the workflow's transaction, not on commit: an answer and its letter
    # are recorded together or not at all (access_control.disclosure.letters).
    if created:
        from access_control.disclosure.letters import letter_make

        letter_make(instance)


def register_signal_handlers() -> None:
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="agency_archivists")
    post_save.connect(
        _disclosure_event_saved,
        sender="access_control.DisclosureEvent",
        dispatch_uid="disclosure_letters",
    )
