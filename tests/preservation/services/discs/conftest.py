"""Fixtures of the disc tests: a long-named package and a tiny fake medium.

`seal` and `package` come from tests/preservation/conftest.py.

Media capacities are replaced by tiny fake ones so that the sample packages
(about 1 MB each) fill and overflow discs.
"""

import pytest

from preservation.services.discs import MEDIA, Medium, disc_plan
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR
from tests.preservation.builders import material_add, pdf_bytes, rebag
from tests.preservation.services.discs.helpers import (
    LONG_FILE,
    LONG_NAME,
    iso_of,
    write,
)


@pytest.fixture
def long_named_package(example_bag, seal):
    """The major sample with one more record whose name has 70+ Chinese characters."""
    bag = example_bag(MAJOR)
    material_add(bag, LONG_FILE, pdf_bytes(), title=LONG_NAME[:40])
    rebag(bag)
    report = package_ingest(source=bag)
    assert report.status == "accepted", report.errors
    return seal(report.case)


@pytest.fixture
def tiny_cd(monkeypatch):
    """Make "cd" a fake medium that holds `budget` bytes of bag files."""

    def set_budget(budget: int) -> Medium:
        medium = Medium("测试光盘", capacity=50_000_000, budget=budget)
        monkeypatch.setitem(MEDIA, "cd", medium)
        return medium

    return set_budget


@pytest.fixture
def written(package, tmp_path):
    """The sample package written on one disc: the register entry and its image."""
    [plan] = disc_plan([package], "cd")
    disc = write(plan, tmp_path / "out")
    return disc, iso_of(disc, tmp_path / "out")
