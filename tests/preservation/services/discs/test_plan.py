"""`discs.plan`: packages laid out on discs within a medium's budget, never
mixing fonds, in 档号 order; a file larger than a disc is refused by name.

Fixtures (a tiny fake medium, sealed packages) are in this folder's conftest.
"""

import pytest

from preservation.services.discs import DiscPlanError, disc_plan
from preservation.services.ingest import package_ingest
from tests.conftest import ORDINARY


def test_plan_keeps_each_disc_within_budget_and_fonds(
    package, example_bag, seal, tiny_cd
):
    second = seal(package.dossier.case, new_version=True)
    other = seal(package_ingest(source=example_bag(ORDINARY)).case)
    one = disc_plan([package], "cd")[0].footprint
    medium = tiny_cd(int(2.2 * one))  # two packages a disc
    plans = disc_plan([other, second, package], "cd")
    assert all(plan.footprint <= medium.budget for plan in plans)
    placed = [part.package for plan in plans for part in plan.parts]
    assert sorted(p.pk for p in placed) == sorted([package.pk, second.pk, other.pk])
    assert [plan.fonds for plan in plans] == ["J031", "J112"]  # never mixed
    assert [p.package for p in plans[0].parts] == [package, second]  # 档号 order


def test_a_file_larger_than_a_disc_is_refused_by_name(package, tiny_cd):
    tiny_cd(400_000)
    with pytest.raises(DiscPlanError, match=r"data/documents/dossier\.pdf"):
        disc_plan([package], "cd")
