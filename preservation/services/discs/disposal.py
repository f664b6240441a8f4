"""Which discs the custodian must destroy or re-burn, and what each holds.

When a disposition batch is executed, the packages it destroys stay on the
discs they were burned to: their content rows lose the package and keep its
identifier and the batch (`DiscContent.destroyed_batch`). Such a disc is
需销毁或重刻 until its disposal is recorded (`dispose.disc_dispose`).

`discs_needing_disposal` is the queryset of those discs; `disc_disposal_rows`
adds, per disc, the destroyed packages (档号, batch) and the live ones still
on it, each with the other undisposed discs of the same set (A/B) that hold
it whole. A live package that no such disc holds must be re-burned before
the disc is destroyed, or the set loses its copy. `package_holders` is that
one answer, which the disposal service asks too. Visibility is the caller's.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from preservation.models import Disc, DiscContent


def discs_needing_disposal() -> QuerySet[Disc]:
    """Discs holding a destroyed package, with no disposal recorded yet."""
    destroyed = DiscContent.objects.filter(disc=OuterRef("pk"), package__isnull=True)
    return Disc.objects.filter(Exists(destroyed), disposal="").order_by("disc_number")


def package_holders(
    package_ids: Iterable[int], *, disc_set: str, excluded: Iterable[int] = ()
) -> dict[int, list[str]]:
    """The undisposed discs of a set that together hold each package whole.

    Args:
        package_ids: the packages asked about.
        disc_set: the set (A/B) whose discs count.
        excluded: ids of discs that do not count (the one being disposed).

    Returns:
        Package id → the 光盘编号 holding it, for the packages whose every part
        is on some counted disc; a package held only in part is left out.
    """
    rows = (
        DiscContent.objects.filter(
            package__in=list(package_ids), disc__disc_set=disc_set, disc__disposal=""
        )
        .exclude(disc__in=list(excluded))
        .values_list("package_id", "part_count", "part_number", "disc__disc_number")
    )
    parts: dict[int, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for package, count, number, disc_number in rows:
        parts[package][count].setdefault(number, disc_number)
    found = {}
    for package, by_count in parts.items():
        for count, numbers in by_count.items():
            if len(numbers) >= count:
                found[package] = sorted(set(numbers.values()))
                break
    return found


@dataclass
class LiveContent:
    """A package (or part) on the disc that is not destroyed."""

    content: DiscContent
    elsewhere: list[str]  # other undisposed discs of the set holding it whole

    @property
    def to_reburn(self) -> bool:
        return not self.elsewhere

    def as_json(self) -> dict:
        c = self.content
        return {
            "package": c.package_identifier,
            "archival_code": c.archival_code,
            "part_number": c.part_number,
            "part_count": c.part_count,
            "elsewhere": self.elsewhere,
            "to_reburn": self.to_reburn,
        }


@dataclass
class DisposalRow:
    """One disc of the custodian's list: what was destroyed, what still lives."""

    disc: Disc
    destroyed: list[DiscContent] = field(default_factory=list)
    live: list[LiveContent] = field(default_factory=list)

    @property
    def to_reburn(self) -> list[LiveContent]:
        return [item for item in self.live if item.to_reburn]

    def as_json(self) -> dict:
        disc = self.disc
        return {
            "disc_number": disc.disc_number,
            "disc_set": disc.disc_set,
            "media": disc.media,
            "media_display": disc.get_media_display(),
            "location": disc.location,
            "burned_on": disc.burned_on.isoformat(),
            "status": disc.disposal_status,
            "destroyed": [
                {
                    "package": c.package_identifier,
                    "archival_code": c.archival_code,
                    "batch": c.destroyed_batch,
                }
                for c in self.destroyed
            ],
            "live": [item.as_json() for item in self.live],
        }


def disposal_row(disc: Disc) -> DisposalRow:
    """The custodian's row for one disc (needing action or not)."""
    contents = list(disc.contents.all())
    row = DisposalRow(disc, destroyed=[c for c in contents if c.package_id is None])
    live = [c for c in contents if c.package_id is not None]
    holders = package_holders(
        {c.package_id for c in live}, disc_set=disc.disc_set, excluded=[disc.pk]
    )
    row.live = [LiveContent(c, holders.get(c.package_id, [])) for c in live]
    return row


def disc_disposal_rows(discs: QuerySet[Disc] | None = None) -> list[DisposalRow]:
    """The custodian's list: one row per disc needing disposal.

    Args:
        discs: the discs to consider (say, those a user may see); all by default.

    Returns:
        A row per disc holding a destroyed package and not yet disposed, by
        光盘编号.
    """
    queryset = discs_needing_disposal()
    if discs is not None:
        queryset = queryset.filter(pk__in=discs.values("pk"))
    contents = Prefetch("contents", DiscContent.objects.order_by("directory"))
    return [disposal_row(disc) for disc in queryset.prefetch_related(contents)]
