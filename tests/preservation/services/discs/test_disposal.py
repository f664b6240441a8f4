"""`discs.disposal.package_holders`: a package spanning discs counts as kept by
a set only while every part is on an undisposed disc of that set — the
answer that decides whether a disc holding a destroyed package may be
destroyed without re-burning what still lives on it."""

import datetime as dt

from preservation.models import Disc
from preservation.services.discs import disc_plan
from preservation.services.discs.disposal import package_holders
from tests.preservation.services.discs.helpers import write


def test_a_spanning_package_is_held_only_while_every_part_is_shelved(
    package, tiny_cd, tmp_path
):
    tiny_cd(700_000)
    first, second, *rest = [
        write(plan, tmp_path / "out") for plan in disc_plan([package], "cd")
    ]
    numbers = [first.disc_number, second.disc_number, *(d.disc_number for d in rest)]
    assert package_holders([package.pk], disc_set="A") == {package.pk: numbers}
    assert package_holders([package.pk], disc_set="B") == {}
    assert package_holders([package.pk], disc_set="A", excluded=[second.pk]) == {}
    Disc.objects.filter(pk=first.pk).update(
        disposal="destroyed", disposed_on=dt.date(2026, 6, 1)
    )
    assert package_holders([package.pk], disc_set="A") == {}
