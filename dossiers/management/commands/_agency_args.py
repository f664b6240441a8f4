"""Shared parts of the agency commands: the operator, refusals, JSON lines."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

MANAGE_AGENCIES = "dossiers.change_agency"


def operator_get(username: str | None):
    """The `--user` running the command (checked), or None for the console."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户 {username} 不存在。")
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


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
