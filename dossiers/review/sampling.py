"""Which sealed dossiers a review round samples: reproducible, per section.

The candidates are the current sealed versions (never a draft, a superseded
or a destroyed one) of the cases closed in the year, of one agency or all.
They are grouped by agency and section (承办科室; 未注明科室 when the case
names none) and each group is ordered by 档号, a key that does not depend
on row ids or insertion order. From each non-empty group
`max(1, ceil(size × percent / 100))` dossiers are drawn with
`random.Random("<seed>|<agency code>|<section>")`: the same seed and the same
catalogue give the same sample, and a section's sample does not change when
another section gains a dossier.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from dossiers.models import Agency, Dossier, DossierState

NO_SECTION = "未注明科室"


@dataclass
class SectionSample:
    agency: Agency
    section: str
    candidates: int
    dossiers: list[Dossier] = field(default_factory=list)


def sample_candidates(*, year: int, agency: Agency | None = None):
    """The sealed dossiers of cases closed in `year`, in 档号 order."""
    dossiers = Dossier.objects.filter(
        state=DossierState.SEALED,
        destroyed_at__isnull=True,
        case__closed_on__year=year,
    ).select_related("case__agency")
    if agency is not None:
        dossiers = dossiers.filter(case__agency=agency)
    return dossiers.order_by("case__agency__code", "archival_code", "pk")


def section_of(dossier: Dossier) -> str:
    return dossier.case.department.strip() or NO_SECTION


def sample_draw(
    *, year: int, percent: int, seed: int, agency: Agency | None = None
) -> list[SectionSample]:
    """The sample of each non-empty section, sections in (agency code, name) order."""
    groups: dict[tuple[str, str], list[Dossier]] = {}
    for dossier in sample_candidates(year=year, agency=agency):
        key = (dossier.case.agency.code, section_of(dossier))
        groups.setdefault(key, []).append(dossier)
    return [
        _section_sample(members, key, percent, seed)
        for key, members in sorted(groups.items())
    ]


def _section_sample(members, key, percent: int, seed: int) -> SectionSample:
    size = max(1, math.ceil(len(members) * percent / 100))
    rng = random.Random(f"{seed}|{key[0]}|{key[1]}")  # noqa: S311 (reproducible)
    chosen = sorted(rng.sample(members, size), key=lambda d: d.archival_code)
    agency = members[0].case.agency
    return SectionSample(agency, key[1], len(members), chosen)
