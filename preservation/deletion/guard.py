"""Which archived rows are protected from deletion, and the permits that lift it.

`PROTECTED` is the one statement of the rule; the Python guard here and the
database triggers in `preservation.deletion.triggers` both read it:

- a case, with its parties, officers and materials, from ingest on (a case
  exists only once ingest has committed it; a refused ingest rolls back);
- a dossier version once sealed (state other than 整理中), with its items;
  a draft may still be discarded and its items replaced by re-assembly;
- a package, with its copies, always.

A row is deleted only when a `DeletionPermit` names it, or the row it is
part of (`part_of`: a case for its parties, officers, materials and dossier
versions; a dossier for its items and its package; a package for its copies).
The disposition execution writes the permits with `deletion_permits_issue`
inside its transaction and then deletes; nothing else writes them.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from preservation.deletion.models import DeletionPermit

RULE = (
    "保管期限届满并经鉴定、批准、监销前不得删除"
    "（000 §34 保存期限，§36 不得删除执法记录）"
)


@dataclass(frozen=True)
class Protected:
    """One protected table: its rows, when they count as archived, their owner."""

    label: str  # the model, "app.Model"
    table: str
    name: str  # what a refusal calls the row
    part_of: tuple[str, str] | None = None  # (owner's table, this table's column)
    archived_sql: str = "1 = 1"  # on the trigger's OLD row
    archived: Q = field(default_factory=Q)  # the same condition for the ORM

    @property
    def message(self) -> str:
        return f"{self.name}在{RULE}；数据表 {self.table}。"


_CASE = ("dossiers_case", "case_id")

PROTECTED = (
    Protected("dossiers.Case", "dossiers_case", "案件"),
    Protected("dossiers.Party", "dossiers_party", "案件当事人", _CASE),
    Protected("dossiers.Officer", "dossiers_officer", "案件执法人员", _CASE),
    Protected("dossiers.Material", "dossiers_material", "案件材料", _CASE),
    Protected(
        "dossiers.Dossier",
        "dossiers_dossier",
        "已封存的案卷",
        _CASE,
        archived_sql="OLD.state <> 'draft'",
        archived=~Q(state="draft"),
    ),
    Protected(
        "dossiers.DossierEntry",
        "dossiers_dossierentry",
        "已封存案卷的条目",
        ("dossiers_dossier", "dossier_id"),
        archived_sql="COALESCE((SELECT state FROM dossiers_dossier"
        " WHERE id = OLD.dossier_id), 'draft') <> 'draft'",
        archived=~Q(dossier__state="draft"),
    ),
    Protected(
        "preservation.Package",
        "preservation_package",
        "长期保存包",
        ("dossiers_dossier", "dossier_id"),
    ),
    Protected(
        "preservation.PackageCopy",
        "preservation_packagecopy",
        "长期保存包副本",
        ("preservation_package", "package_id"),
    ),
)
_BY_LABEL = {spec.label.lower(): spec for spec in PROTECTED}


def deletion_refusal(queryset: models.QuerySet) -> str | None:
    """Why (some row of) `queryset` may not be deleted now; None if it may.

    Registered with `dossiers.models.deletion_guard` at start-up, so every
    `delete()` of a protected model asks it.
    """
    spec = _BY_LABEL.get(queryset.model._meta.label_lower)
    if spec is None:
        return None
    refused = queryset.filter(spec.archived).exclude(_permitted(spec))
    return spec.message if refused.exists() else None


def _permitted(spec: Protected) -> Q:
    permits = DeletionPermit.objects
    own = Exists(permits.filter(table_name=spec.table, row_id=OuterRef("pk")))
    if spec.part_of is None:
        return Q(own)
    table, column = spec.part_of
    return Q(own) | Q(Exists(permits.filter(table_name=table, row_id=OuterRef(column))))


def deletion_permits_issue(
    *, queryset: models.QuerySet, batch_reference: str
) -> list[DeletionPermit]:
    """Permit the deletion of every row of `queryset` (and of its parts).

    For the disposition execution only: call it inside the transaction that
    then deletes the rows, after the batch has been appraised and approved,
    so that permits and deletions commit or roll back together.

    Args:
        queryset: rows of one protected model.
        batch_reference: the executed disposition batch.

    Returns:
        The permits written.

    Raises:
        ValueError: outside a transaction, or for a model that is not protected.
    """
    if not transaction.get_connection().in_atomic_block:
        raise ValueError("删除许可只能在执行销毁的同一事务中签发。")
    spec = _BY_LABEL.get(queryset.model._meta.label_lower)
    if spec is None:
        raise ValueError(f"{queryset.model._meta.label} 不受删除保护，无需许可。")
    return DeletionPermit.objects.bulk_create(
        DeletionPermit(
            table_name=spec.table, row_id=pk, batch_reference=batch_reference
        )
        for pk in queryset.values_list("pk", flat=True)
    )


def protected_models() -> list[type[models.Model]]:
    """The models whose rows `PROTECTED` keeps (for tests and checks)."""
    return [apps.get_model(spec.label) for spec in PROTECTED]
