"""Opening a package: the accepted forms, and archives that try to escape,
smuggle links, or explode."""

import tarfile
import zipfile

import pytest

from dossiers.models import Case
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    assert_nothing_left,
    assert_refused,
    staging_leftovers,
    tar_bag,
    tar_member,
    zip_bag,
    zip_symlink_info,
)

pytestmark = pytest.mark.django_db

CASE_NUMBER = "珠应急罚〔2025〕11号"


@pytest.mark.parametrize(
    "pack",
    [
        pytest.param(lambda bag: bag, id="directory"),
        pytest.param(zip_bag, id="zip"),
        pytest.param(tar_bag, id="tar"),
        pytest.param(lambda bag: tar_bag(bag, mode="w:gz"), id="tar.gz"),
    ],
)
def test_every_accepted_form_of_the_same_sample_is_one_case(example_bag, pack):
    source = pack(example_bag())

    report = package_ingest(source=source)

    assert report.status == "accepted", report.errors
    assert report.package_name == source.name
    assert report.case.case_number == CASE_NUMBER
    assert report.case.materials.count() == 15
    assert staging_leftovers() == []


def test_a_random_file_is_not_a_bag(tmp_path):
    source = tmp_path / "case.bin"
    source.write_bytes(b"\x00just some bytes\xff" * 10)

    report = package_ingest(source=source)

    assert_refused(report, "not_a_bag", "case.bin")
    assert_nothing_left()


def test_a_symlinked_package_is_refused(example_bag, tmp_path):
    link = tmp_path / "link-to-bag"
    link.symlink_to(example_bag())

    report = package_ingest(source=link)

    assert_refused(report, "symlink_refused", "link-to-bag")
    assert_nothing_left()


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("../escaped.txt", "archive_entry_escapes"),
        ("sip-example-major-penalty/../../escaped.txt", "archive_entry_escapes"),
        ("/tmp/escaped.txt", "absolute_path"),
    ],
)
def test_zip_entries_outside_the_folder_are_refused(example_bag, entry, code):
    bag = example_bag()
    source = zip_bag(bag, extra={entry: b"pwned"})

    report = package_ingest(source=source)

    assert_refused(report, code, f"{source.name}:{entry}")
    assert not (bag.parent.parent / "escaped.txt").exists()
    assert not (bag.parent / "escaped.txt").exists()
    assert_nothing_left()


def test_a_zip_symlink_entry_is_refused(example_bag):
    bag = example_bag()
    entry = f"{bag.name}/data/materials/link.pdf"
    source = bag.parent / "with-link.zip"
    zip_bag(bag, name=source.name)
    with zipfile.ZipFile(source, "a") as zf:
        zf.writestr(zip_symlink_info(entry), "/etc/passwd")

    report = package_ingest(source=source)

    assert_refused(report, "archive_entry_not_regular", f"{source.name}:{entry}")
    assert_nothing_left()


@pytest.mark.parametrize(
    ("member", "code"),
    [
        pytest.param(
            tar_member("../escaped.txt"), "archive_entry_escapes", id="dotdot"
        ),
        pytest.param(
            tar_member(
                "sip-example-major-penalty/data/link.pdf",
                kind=tarfile.SYMTYPE,
                link="/etc/passwd",
            ),
            "archive_entry_not_regular",
            id="symlink",
        ),
        pytest.param(
            tar_member(
                "sip-example-major-penalty/data/hard.pdf",
                kind=tarfile.LNKTYPE,
                link="sip-example-major-penalty/bagit.txt",
            ),
            "archive_entry_not_regular",
            id="hardlink",
        ),
    ],
)
def test_dangerous_tar_members_are_refused(example_bag, member, code):
    bag = example_bag()
    source = tar_bag(bag, extra=[member])

    report = package_ingest(source=source)

    assert_refused(report, code, f"{source.name}:{member.name}")
    assert not (bag.parent.parent / "escaped.txt").exists()
    assert_nothing_left()


def test_a_zip_bomb_over_the_ratio_limit_is_refused(example_bag, settings):
    settings.ARCHIVE_SIP_MAX_RATIO = 3
    bag = example_bag()
    zeros = f"{bag.name}/data/materials/zeros.bin"
    source = zip_bag(bag, extra={zeros: bytes(2 * 1024 * 1024)})

    report = package_ingest(source=source)

    assert_refused(report, "archive_ratio_exceeded", source.name)
    assert_nothing_left()


@pytest.mark.parametrize(
    ("limit", "value", "code"),
    [
        ("ARCHIVE_SIP_MAX_BYTES", 100_000, "archive_too_large"),
        ("ARCHIVE_SIP_MAX_ENTRIES", 5, "archive_too_many_entries"),
    ],
)
@pytest.mark.parametrize("pack", [zip_bag, tar_bag], ids=["zip", "tar"])
def test_an_archive_over_a_limit_is_refused(
    example_bag, settings, pack, limit, value, code
):
    setattr(settings, limit, value)
    source = pack(example_bag())

    report = package_ingest(source=source)

    assert_refused(report, code, source.name)
    assert_nothing_left()


def test_an_archive_with_two_top_folders_is_refused(example_bag):
    bag = example_bag()
    source = zip_bag(bag, extra={"second-folder/readme.txt": b"hello"})

    report = package_ingest(source=source)

    assert_refused(report, "archive_layout", source.name)
    assert_nothing_left()


def test_a_refused_archive_can_be_fixed_and_resubmitted(example_bag, settings):
    settings.ARCHIVE_SIP_MAX_ENTRIES = 5
    source = zip_bag(example_bag())
    assert package_ingest(source=source).status == "refused"

    settings.ARCHIVE_SIP_MAX_ENTRIES = 1000
    report = package_ingest(source=source)

    assert report.status == "accepted", report.errors
    assert Case.objects.count() == 1
