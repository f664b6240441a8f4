"""Append-only storage for evidence: rows are inserted, never changed or removed.

Single-row `save()`/`delete()` are refused on the model; this queryset refuses
the bulk paths (`QuerySet.update()`/`.delete()`) that bypass them.
"""

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name}只能追加，不能修改。")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name}只能追加，不能删除。")
