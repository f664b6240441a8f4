"""Reads of preservation records."""

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from dossiers.models import Case, Material
from preservation.models import (
    Disc,
    DiscCheckVia,
    DiscContent,
    IngestReport,
    IngestStatus,
    Package,
)


def ingest_report_for_case(*, case: Case) -> IngestReport | None:
    """The report of the submission that created this case."""
    return (
        IngestReport.objects.filter(case=case, status=IngestStatus.ACCEPTED)
        .order_by("received_at")
        .first()
    )


SAMPLING_SHARE_PERCENT = 10  # of all discs, read back every calendar year


def discs_with_checks() -> QuerySet[Disc]:
    """Discs with `last_checked_at` (any check) and `last_sampled_at` (on a disc)."""
    return Disc.objects.annotate(
        last_checked_at=Max("checks__checked_at"),
        last_sampled_at=Max(
            "checks__checked_at", filter=Q(checks__via=DiscCheckVia.MOUNT)
        ),
    )


def discs_due_for_sampling(today: date | None = None) -> QuerySet[Disc]:
    """The discs to read back this year so that at least 10 % are, rounded up.

    Only reads of the disc itself count (`via=mount`): a check of the image on
    a server says nothing about the medium on the shelf. Discs never sampled
    come first, then those sampled longest ago, then the oldest burned. A
    disc whose disposal is recorded is neither counted nor due.

    Args:
        today: the day that sets the year; today by default.

    Returns:
        As many discs as are still missing from this year's quota; none once
        the quota is met.
    """
    today = today or timezone.localdate()
    # A disc destroyed or re-burned (its disposal recorded) is off the shelf.
    shelved = Disc.objects.filter(disposal="")
    sampled = shelved.filter(
        checks__via=DiscCheckVia.MOUNT, checks__checked_at__year=today.year
    ).values("pk")
    quota = -(-shelved.count() * SAMPLING_SHARE_PERCENT // 100)
    missing = max(quota - sampled.distinct().count(), 0)
    order = (F("last_sampled_at").asc(nulls_first=True), "burned_on", "disc_number")
    candidates = (
        discs_with_checks().filter(disposal="").exclude(pk__in=sampled).order_by(*order)
    )
    ids = list(candidates.values_list("pk", flat=True)[:missing])
    return discs_with_checks().filter(pk__in=ids).order_by(*order)


def packages_without_disc(*, disc_set: str) -> QuerySet[Package]:
    """Packages not yet wholly on discs of a set (every part on some disc)."""
    complete = (
        DiscContent.objects.filter(disc__disc_set=disc_set)
        .values("package")
        .annotate(parts=Count("part_number", distinct=True), needed=Max("part_count"))
        .filter(parts__gte=F("needed"))
        .values("package")
    )
    # Discs hold dossiers' packages; the register packages (a disposition
    # batch's 销毁清册, an agency's 保管期限与冻结登记) are not laid out for a
    # disc yet.
    return Package.objects.filter(dossier__isnull=False).exclude(pk__in=complete)


_DIGEST_BATCH = 500  # well below SQLite's limit of variables per statement

# Other apps that keep files in the content-addressed storage (the
# 政府信息公开 desk's attachments, letters and releases) register a function
# here: given a batch of digests, it returns those its records refer to.
_referrers: list[Callable[[list[str]], Iterable[str]]] = []


def object_referrer_register(referrer: Callable[[list[str]], Iterable[str]]) -> None:
    """Have `objects_unreferenced` also ask `referrer` (idempotent)."""
    if referrer not in _referrers:
        _referrers.append(referrer)


def objects_unreferenced(digests: Iterable[str]) -> set[str]:
    """The digests among `digests` that no record refers to.

    The one answer to "may this stored object go?": ingest's clean-up, the
    storage janitor's collector and the audits all ask here, so a new kind of
    reference (or disposition) is added in one place.
    """
    wanted = list(dict.fromkeys(digests))
    referenced: set[str] = set()
    for start in range(0, len(wanted), _DIGEST_BATCH):
        batch = wanted[start : start + _DIGEST_BATCH]
        referenced.update(
            Material.objects.filter(digest__in=batch).values_list("digest", flat=True)
        )
        for referrer in _referrers:
            referenced.update(referrer(batch))
    return set(wanted) - referenced


# The producers' API (archive_site) keeps each uploaded package in
# ARCHIVE_STAGING/uploads/ until its ingest is done and registers a function
# here: given a batch of file names there, it returns those still needed.
_upload_keepers: list[Callable[[list[str]], Iterable[str]]] = []


def staging_upload_keeper_register(
    keeper: Callable[[list[str]], Iterable[str]],
) -> None:
    """Have `staging_uploads_needed` also ask `keeper` (idempotent)."""
    if keeper not in _upload_keepers:
        _upload_keepers.append(keeper)


def staging_uploads_needed(names: Iterable[str]) -> set[str]:
    """The names among `names` (files in staging/uploads/) a record still needs."""
    wanted = list(dict.fromkeys(names))
    needed: set[str] = set()
    for start in range(0, len(wanted), _DIGEST_BATCH):
        for keeper in _upload_keepers:
            needed.update(keeper(wanted[start : start + _DIGEST_BATCH]))
    return needed
