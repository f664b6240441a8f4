"""`DeletionPermit`: the only way an archived row may be deleted.

`preservation.models` imports this module so Django finds the model.
"""

from django.core.exceptions import ValidationError
from django.db import models

from dossiers.models.append_only import AppendOnlyQuerySet


class DeletionPermit(models.Model):
    """Leave to delete one archived row, given by an executed disposition batch.

    Written only by the disposition execution, inside the transaction that
    deletes, right before it deletes: a permit for a row covers the row and
    its parts (see `preservation.deletion.guard.PROTECTED`). Row ids are
    never reused (PostgreSQL sequences, SQLite AUTOINCREMENT), so a permit
    cannot outlive its row and open another. Permits are the record of what
    was allowed to go, so they are append-only, like the access log.
    """

    table_name = models.CharField("数据表", max_length=100)
    row_id = models.BigIntegerField("记录编号")
    # The disposition batch that was executed (its id once batches exist):
    # a text reference, so that permits need no foreign key to the batch.
    batch_reference = models.CharField("销毁批次", max_length=100)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        db_table = "preservation_deletionpermit"
        verbose_name = "删除许可"
        verbose_name_plural = "删除许可"
        indexes = [
            models.Index(
                fields=["table_name", "row_id"], name="deletion_permit_row_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table_name}#{self.row_id}（{self.batch_reference}）"

    def save(self, *args, **kwargs) -> None:
        # The record of what was allowed to go is never rewritten.
        if not self._state.adding:
            raise ValidationError("删除许可只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("删除许可只能追加，不能删除。")
