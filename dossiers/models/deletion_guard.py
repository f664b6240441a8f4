"""Deletion guards for archived records: cases, materials, dossiers, packages.

Nothing archived disappears before its retention has run out and a
disposition batch has been appraised, approved and executed (ARCHITECTURE
invariants 1 and 3). These guards refuse `Model.delete()` and
`QuerySet.delete()` of a guarded model in Python, for every caller (admin,
service, command, shell); database triggers refuse the same rows below Django.

Which rows are archived and whether a deletion permit covers them is decided
in `preservation.deletion`, which owns the permits and the triggers; it
registers its check here at start-up (as retention rules are registered in
`dossiers.services.retention`), because `dossiers` imports nothing of ours.
Until a check is registered, every delete of a guarded model is refused.

Deletions Django cascades to related rows do not pass through these guards;
the triggers cover them (a permit for a row covers its parts).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models

UNCHECKED_MESSAGE = "档案记录在保管期限届满并经鉴定、批准、监销前不得删除（000 §34）。"

# Given a queryset about to be deleted: the refusal to raise, or None.
DeletionCheck = Callable[[models.QuerySet], str | None]
_checks: list[DeletionCheck] = []


def deletion_check_register(check: DeletionCheck) -> None:
    """Have every guarded delete ask `check` first (idempotent)."""
    if check not in _checks:
        _checks.append(check)


def deletion_ensure_permitted(queryset: models.QuerySet) -> None:
    """Raise unless every row of `queryset` may be deleted now.

    Raises:
        ValidationError: naming the rule, when a row is archived and no
            deletion permit covers it (or no check is registered at all).
    """
    if not _checks:
        raise ValidationError(UNCHECKED_MESSAGE)
    for check in _checks:
        refusal = check(queryset)
        if refusal:
            raise ValidationError(refusal)


class ArchivedQuerySet(models.QuerySet):
    """Refuses a bulk `delete()` that would remove an unpermitted archived row."""

    def delete(self):
        deletion_ensure_permitted(self)
        return super().delete()


class ArchivedRecord:
    """Mixin for the models of archived records: `delete()` asks the guard."""

    def delete(self, *args, **kwargs):
        deletion_ensure_permitted(type(self)._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)
