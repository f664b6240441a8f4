"""The 销毁清册 as a permanent record of its own: a disposition batch's package.

When a batch is approved, and again when it is executed (or cancelled
after approval, by `package_write --missing`), a BagIt bag is
written with the same machinery as a dossier's package
(`preservation.services.aips`) at `registers/<全宗号>/<批次号>/v<n>` in both
storage locations, kept 永久: `销毁清册.pdf` and `销毁清册.xlsx` as the
register reads then, and `batch.json` (`disposition_record`), the batch in
full. Its `Package` row names the batch (not a dossier) and has a copy per
location, so fixity audits, the completeness check and `rebuild_from_aips`
treat it as any other package.

A new version is written only when the batch's state differs from the one
its newest package records (bag-info `Batch-State`), so writing is
idempotent: approval and execution schedule it after their commit
(`batch_package_schedule`), and `package_write --missing` writes whatever a
failed run left out (`batch_packages_due`). A failure to write never undoes
the approval or the destruction; it is logged for `package_write --missing`.
"""

import logging

import bagit
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from preservation.models import Package
from preservation.retention.disposition_models import BatchState, DispositionBatch
from preservation.retention.disposition_record import batch_record
from preservation.retention.disposition_register import register_pdf, register_xlsx
from preservation.services.aips import (
    BagBuilder,
    json_bytes,
    tag_files_write,
)
from preservation.services.aips.bag import (
    after_commit_logged,
    agency_algorithms,
    bag_validate,
    package_info_field,
    package_newest,
    path_segment,
    record_package_place,
)

logger = logging.getLogger(__name__)
AGENT = "enforcement-archive disposition record"
WRITTEN_STATES = (BatchState.APPROVED, BatchState.EXECUTED)
REGISTER = "销毁清册"


def batch_package_relative_path(batch: DispositionBatch, version: int) -> str:
    fonds, number = path_segment(batch.agency.fonds), path_segment(batch.number)
    return f"registers/{fonds}/{number}/v{version}"


def batch_package_identifier(batch: DispositionBatch, version: int) -> str:
    return f"{REGISTER}-{batch.agency.fonds}-{batch.number}.v{version}"


def batch_package_state(package: Package) -> str | None:
    """The batch state a batch package records, or None if no copy is readable."""
    return package_info_field(package, "Batch-State")


def _newest(batch: DispositionBatch) -> Package | None:
    return package_newest(batch.packages.all())


def _recorded(batch: DispositionBatch) -> bool:
    """Whether the batch's state is one its package records: approved,
    executed, or cancelled after approval (its re-appraisals stand)."""
    if batch.state == BatchState.CANCELLED:
        return batch.approved_at is not None
    return batch.state in WRITTEN_STATES


def _due(batch: DispositionBatch) -> bool:
    if not _recorded(batch):
        return False
    newest = _newest(batch)
    # An unreadable newest package is the fixity audit's to repair, not a
    # reason for another version.
    return newest is None or batch_package_state(newest) not in (None, batch.state)


def batch_packages_due() -> list[DispositionBatch]:
    """Approved or executed batches whose newest package is missing or behind."""
    batches = DispositionBatch.objects.filter(
        Q(state__in=WRITTEN_STATES)
        | Q(state=BatchState.CANCELLED, approved_at__isnull=False)
    )
    return [b for b in batches.select_related("agency").order_by("pk") if _due(b)]


def batch_package_write(*, batch: DispositionBatch) -> Package | None:
    """Write the batch's package for its current state, unless one is there.

    Returns:
        The newest package of the batch (None for a batch never approved).

    Raises:
        PackageWriteError: the bag did not validate or another bag sits at
            its path.
    """
    with transaction.atomic():
        batch = DispositionBatch.objects.select_for_update().get(pk=batch.pk)
        if not _due(batch):
            return _newest(batch)
        version = batch.packages.count() + 1
        rel = batch_package_relative_path(batch, version)
        package = record_package_place(
            rel=rel,
            identifier=batch_package_identifier(batch, version),
            build=lambda root: _build(batch, root, version),
            belongs=lambda bag: _belongs(bag, batch, version),
            batch=batch,
        )
    logger.info("销毁清册保存包 %s 已写入两处存储。", package.identifier)
    return package


def batch_package_schedule(batch: DispositionBatch) -> None:
    """Write the batch's package once the current transaction commits."""
    pk = batch.pk
    after_commit_logged(
        lambda: batch_package_write(batch=DispositionBatch.objects.get(pk=pk)),
        f"批次 {pk} 的销毁清册保存包未能生成；请运行 package_write --missing。",
    )


def _belongs(bag: bagit.Bag, batch: DispositionBatch, version: int) -> bool:
    info = bag.info
    return (
        info.get("External-Identifier") == f"{batch.agency.fonds}-{batch.number}"
        and info.get("Package-Version") == str(version)
        and info.get("Batch-State") == batch.state
    )


def _build(batch: DispositionBatch, root, version: int) -> None:
    bag = BagBuilder(root=root, algorithms=agency_algorithms(batch.agency))
    bag.add_bytes(f"{REGISTER}.pdf", register_pdf(batch))
    bag.add_bytes(f"{REGISTER}.xlsx", register_xlsx(batch))
    bag.add_bytes("batch.json", json_bytes(batch_record(batch)))
    tag_files_write(bag, _bag_info(batch, bag, version))
    bag_validate(root)


def _bag_info(batch: DispositionBatch, bag: BagBuilder, version: int) -> dict:
    agency = batch.agency
    return {
        "Source-Organization": agency.name,
        "Organization-Identifier": agency.code,
        "External-Identifier": f"{agency.fonds}-{batch.number}",
        "Internal-Sender-Identifier": batch_package_identifier(batch, version),
        "External-Description": f"{agency.name}档案销毁清册（批次 {batch.number}）",
        "Fonds": agency.fonds,
        "Batch-Number": batch.number,
        "Batch-State": batch.state,
        "Retention-Period": "永久",
        "Package-Version": str(version),
        "Bagging-Date": timezone.localdate().isoformat(),
        "Payload-Oxum": bag.oxum,
        "Bag-Software-Agent": AGENT,
    }
