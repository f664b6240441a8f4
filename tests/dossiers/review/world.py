"""Sealed dossiers in sections, with a known number of AV defects each."""

import itertools

from dossiers.codes import Activity
from dossiers.models import Dossier, DossierState
from tests.dossiers.factories import add_material, make_case

_codes = itertools.count(1)
# Each activity recorded in writing without a recording is one av_missing error.
DEFECT_ACTIVITIES = [Activity.HEARING, Activity.SAMPLING, Activity.ON_SITE_INSPECTION]


def sealed_dossier(agency, section: str, *, defects: int = 0, year: int = 2025):
    """A sealed dossier of a case closed in `year` whose only deductible
    findings are `defects` av_missing errors (a 历史补录 is late only as
    information; the 结案审批表 is there; the 立卷人 is named)."""
    n = next(_codes)
    case = make_case(
        agency,
        department=section,
        back_capture=True,
        closed_on=f"{year}-04-30",
        opened_on=f"{year}-03-01",
    )
    add_material(case, "结案审批表", stage="archiving")
    for activity in DEFECT_ACTIVITIES[:defects]:
        add_material(case, f"{activity}笔录", activity=activity)
    return Dossier.objects.create(
        case=case,
        state=DossierState.SEALED,
        archival_code=f"{agency.fonds}-{year}-D30-{n:04d}",
        archive_number=f"{year}{n:04d}",
        title=case.title,
        period_end=case.closed_on,
        template="chronological",
        compiler="张三",
    )
