"""`preservation.selectors`: which discs are due for this year's read-back sample
(a tenth of the discs, rounded up, longest unchecked first).
"""

import datetime as dt

import pytest
from django.utils import timezone

from preservation.models import Disc, DiscCheck
from preservation.selectors import discs_due_for_sampling


def _disc(n: int) -> Disc:
    return Disc.objects.create(
        disc_number=f"J031-A-2020-{n:04d}",
        disc_set="A",
        media="bd25",
        iso_sha256="0" * 64,
        iso_size=1,
        burned_on=dt.date(2020, 1, 1) + dt.timedelta(days=n),
        burned_by_name="刻录员",
        fonds="J031",
        archival_code_from="J031-2020-D30-0001",
        archival_code_to="J031-2020-D30-0001",
        retention="30y",
        file_count=1,
        byte_count=1,
    )


def _check(disc: Disc, day: dt.date, via: str = "mount") -> None:
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    DiscCheck.objects.create(disc=disc, checked_at=when, outcome="ok", via=via)


@pytest.mark.django_db
def test_sampling_picks_a_tenth_rounded_up_never_checked_first():
    today = dt.date(2026, 6, 1)
    discs = [_disc(n) for n in range(1, 22)]  # 21 discs: 3 a year
    for disc in discs[:18]:
        _check(disc, dt.date(2024, 3, 1))
    _check(discs[0], dt.date(2025, 3, 1))
    due = list(discs_due_for_sampling(today))
    assert due == discs[18:]  # the three never read back


@pytest.mark.django_db
def test_sampling_counts_only_reads_of_the_disc_this_year():
    today = dt.date(2026, 6, 1)
    discs = [_disc(n) for n in range(1, 22)]
    for n, disc in enumerate(discs):
        _check(disc, dt.date(2023, 1, 1) + dt.timedelta(days=n))
    _check(discs[5], dt.date(2026, 2, 1))  # sampled this year
    _check(discs[0], dt.date(2026, 2, 1), via="iso")  # the image, not the disc
    due = list(discs_due_for_sampling(today))
    assert due == [discs[0], discs[1]]  # longest unchecked first; quota 3 - 1
    for disc in discs[1:4]:
        _check(disc, dt.date(2026, 3, 1))
    assert list(discs_due_for_sampling(today)) == []
