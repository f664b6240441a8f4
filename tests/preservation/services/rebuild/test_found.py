"""A rebuild reads only packages that validate in full and are whole."""

import bagit
import pytest

from dossiers.models import Case
from preservation.models import Package
from preservation.services.rebuild import catalogue_rebuild
from tests.conftest import MAJOR, ORDINARY
from tests.preservation.builders import byte_flip
from tests.preservation.services.rebuild.helpers import (
    MAJOR_NUMBER,
    ORDINARY_NUMBER,
    aips_copy,
    archive,
    wipe,
)

pytestmark = pytest.mark.django_db


def test_a_tampered_package_is_reported_and_not_imported(example_bag, sealer, tmp_path):
    archive(example_bag, sealer, MAJOR, ORDINARY)
    restore = aips_copy(tmp_path)
    major = Package.objects.get(dossier__case__case_number=MAJOR_NUMBER)
    tampered = restore / major.relative_path
    byte_flip(sorted((tampered / "data" / "originals").rglob("*.pdf"))[0])
    wipe()

    report = catalogue_rebuild(root=restore)

    (problem,) = report.problems
    assert problem.package == str(tampered)
    assert "校验失败" in problem.message
    assert "sha256 validation failed" in problem.message
    assert list(Case.objects.values_list("case_number", flat=True)) == [ORDINARY_NUMBER]
    assert report.packages_read == 2
    assert report.cases_created == 1


def test_a_spanned_disc_part_is_reported_not_imported(db, tmp_path):
    part = tmp_path / "disc" / "J031-2025-D30-0001.v1.part1-of-2"
    (part / "metadata").mkdir(parents=True)
    (part / "metadata" / "dossier.json").write_text("{}", "utf-8")
    bagit.make_bag(str(part), {"Bag-Count": "1 of 2"}, checksums=["sha256"])
    report = catalogue_rebuild(root=tmp_path / "disc")
    assert report.problems and "Bag-Count: 1 of 2" in str(report.problems[0])
