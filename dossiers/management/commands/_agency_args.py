"""Shared parts of the agency commands: the operator's right, refusals."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

MANAGE_AGENCIES = "dossiers.change_agency"


def operator_get(user):
    """The `--user` account (from `ArchiveCommand.user`) once it is checked to
    manage agencies, or None for the console."""
    if user is None:
        return None
    username = user.get_username()
    if not (user.is_active and user.has_perm(MANAGE_AGENCIES)):
        raise CommandError(f"用户 {username} 无权管理执法机关。")
    return user


def errors_of(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in exc.messages]
