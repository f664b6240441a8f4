"""An agency's retention register as a permanent record: its own package.

Holds and the 保管期限表 change without any dossier being sealed, so a
dossier's package cannot be relied on to carry them. Whenever a hold is
placed or released or a schedule rule is made, a BagIt bag is written after
the commit with the same machinery as the disposition batches' packages
(`preservation.services.aips`) at `registers/<全宗号>/retention/v<n>` in
both storage locations, kept 永久: `holds.json` and `schedule.json`
(`register_record`) and a plain-text rendering of both. Its `Package` row
names the agency, and has a copy per location, so fixity audits, the
completeness check and `rebuild_from_aips` treat it as any other package.

A new version is written only when the register's content differs from the
one its newest package records (bag-info `Register-Digest`), so writing is
idempotent: the hold and schedule services schedule it after their commit
(`register_package_schedule`), and `package_write --missing` writes
whatever a failed run left out (`register_packages_due`). A failure to write
never undoes the hold or the rule; it is logged for `package_write --missing`.
"""

import logging

import bagit
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dossiers.models import Agency
from preservation import files
from preservation.models import Package
from preservation.retention.register_record import (
    HOLDS_FILE,
    SCHEDULE_FILE,
    holds_record,
    register_text,
    schedule_record,
)
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
AGENT = "enforcement-archive retention register"
REGISTER = "保管期限与冻结"
FOLDER = "retention"


def register_package_relative_path(agency: Agency, version: int) -> str:
    return f"registers/{path_segment(agency.fonds)}/{FOLDER}/v{version}"


def register_package_identifier(agency: Agency, version: int) -> str:
    return f"{REGISTER}-{agency.fonds}.v{version}"


def _payload(agency: Agency) -> dict[str, bytes]:
    return {
        HOLDS_FILE: json_bytes(holds_record(agency)),
        SCHEDULE_FILE: json_bytes(schedule_record(agency)),
    }


def _digest(payload: dict[str, bytes]) -> str:
    return files.content_digests(b"\n".join(payload.values()), ("sha256",))["sha256"]


def register_package_digest(package: Package) -> str | None:
    """The register digest a package records, or None if no copy is readable."""
    return package_info_field(package, "Register-Digest")


def _newest(agency: Agency) -> Package | None:
    return package_newest(agency.register_packages.all())


def _due(agency: Agency, digest: str) -> bool:
    newest = _newest(agency)
    # An unreadable newest package is the fixity audit's to repair, not a
    # reason for another version.
    return newest is None or register_package_digest(newest) not in (None, digest)


def register_packages_due() -> list[Agency]:
    """Agencies with holds or schedule rules whose newest register package is
    missing or behind."""
    agencies = Agency.objects.filter(
        Q(retention_rules__isnull=False) | Q(cases__holds__isnull=False)
    ).distinct()
    return [a for a in agencies.order_by("pk") if _due(a, _digest(_payload(a)))]


def register_package_write(*, agency: Agency) -> Package | None:
    """Write the agency's register package for its current content, unless
    its newest package records that content already.

    Returns:
        The newest register package of the agency.

    Raises:
        PackageWriteError: the bag did not validate or another bag sits at
            its path.
    """
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        payload = _payload(agency)
        digest = _digest(payload)
        if not _due(agency, digest):
            return _newest(agency)
        version = agency.register_packages.count() + 1
        rel = register_package_relative_path(agency, version)
        package = record_package_place(
            rel=rel,
            identifier=register_package_identifier(agency, version),
            build=lambda root: _build(agency, root, version, payload),
            belongs=lambda bag: _belongs(bag, agency, version, digest),
            agency=agency,
        )
    logger.info("保管期限与冻结登记保存包 %s 已写入两处存储。", package.identifier)
    return package


def register_package_schedule(agency: Agency) -> None:
    """Write the agency's register package once the current transaction commits."""
    pk = agency.pk
    after_commit_logged(
        lambda: register_package_write(agency=Agency.objects.get(pk=pk)),
        f"机关 {pk} 的保管期限与冻结登记保存包未能生成；"
        "请运行 package_write --missing。",
    )


def _belongs(bag: bagit.Bag, agency: Agency, version: int, digest: str) -> bool:
    info = bag.info
    return (
        info.get("External-Identifier") == f"{agency.fonds}-{FOLDER}"
        and info.get("Package-Version") == str(version)
        and info.get("Register-Digest") == digest
    )


def _build(agency: Agency, root, version: int, payload: dict[str, bytes]) -> None:
    bag = BagBuilder(root=root, algorithms=agency_algorithms(agency))
    for name, content in payload.items():
        bag.add_bytes(name, content)
    bag.add_bytes(f"{REGISTER}登记.txt", register_text(agency).encode())
    tag_files_write(bag, _bag_info(agency, bag, version, _digest(payload)))
    bag_validate(root)


def _bag_info(agency: Agency, bag: BagBuilder, version: int, digest: str) -> dict:
    return {
        "Source-Organization": agency.name,
        "Organization-Identifier": agency.code,
        "External-Identifier": f"{agency.fonds}-{FOLDER}",
        "Internal-Sender-Identifier": register_package_identifier(agency, version),
        "External-Description": f"{agency.name}保管期限表与冻结登记",
        "Fonds": agency.fonds,
        "Register-Digest": digest,
        "Retention-Period": "永久",
        "Package-Version": str(version),
        "Bagging-Date": timezone.localdate().isoformat(),
        "Payload-Oxum": bag.oxum,
        "Bag-Software-Agent": AGENT,
    }
