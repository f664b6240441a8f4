"""Opening a package: the accepted forms, and archives that try to escape,
smuggle links, explode, or arrive cut off or hostile."""

import gzip
import subprocess
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from dossiers.models import Case
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    assert_nothing_left,
    assert_refused,
    material_add,
    ofd_bytes,
    rebag,
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


# --- hostile and damaged archives: each is refused with a named error and an
# ingest report, never an exception, and leaves nothing behind.


TOP = "sip-example-major-penalty"


def _cut(source: Path, keep: int) -> Path:
    source.write_bytes(source.read_bytes()[:keep])
    return source


@pytest.mark.parametrize("cut", [10, 1000, "half"])
def test_a_zip_with_its_end_cut_off_is_refused_as_truncated(example_bag, cut):
    source = zip_bag(example_bag())
    size = source.stat().st_size
    _cut(source, size // 2 if cut == "half" else size - cut)

    report = package_ingest(source=source)

    assert_refused(report, "archive_truncated", source.name)
    assert "截断" in report.errors[0]["message"]
    assert_nothing_left()


def test_a_cut_zip_whose_tail_holds_a_stored_inner_zip_is_refused(example_bag):
    # An OFD is a zip; stored uncompressed, its own end record is in the
    # package's bytes, and a cut just after it makes it look like the package's.
    bag = example_bag()
    material_add(bag, "data/materials/archiving/16-电子公文.ofd", ofd_bytes())
    rebag(bag)
    source = bag.parent / "stored.zip"
    subprocess.run(["zip", "-rq0X", source, bag.name], cwd=bag.parent, check=True)
    data = source.read_bytes()
    inner_end = data.rfind(b"PK\x05\x06", 0, data.rfind(b"PK\x05\x06"))
    _cut(source, inner_end + 22)

    report = package_ingest(source=source)

    assert_refused(report, "archive_truncated", source.name)
    assert_nothing_left()


def test_a_tar_gz_with_its_end_cut_off_is_refused_as_truncated(example_bag):
    source = tar_bag(example_bag(), mode="w:gz")
    _cut(source, source.stat().st_size - 100)

    report = package_ingest(source=source)

    assert_refused(report, "archive_truncated", source.name)
    assert_nothing_left()


LONG_NAME = f"{TOP}/data/materials/{'案' * 90}.pdf"  # 274 bytes in UTF-8
DEEP_NAME = f"{TOP}/" + "d/" * 3000 + "x.txt"


def _zip_with(bag: Path, name: str) -> Path:
    return zip_bag(bag, extra={name: b"x"})


def _tar_with(bag: Path, name: str) -> Path:
    return tar_bag(bag, extra=[tar_member(name)])


@pytest.mark.parametrize("pack", [_zip_with, _tar_with], ids=["zip", "tar"])
@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param(LONG_NAME, "archive_entry_name_too_long", id="name-over-255"),
        pytest.param(DEEP_NAME, "archive_too_deep", id="3000-folders"),
    ],
)
def test_entry_names_no_file_system_takes_are_refused(example_bag, pack, name, code):
    source = pack(example_bag(), name)

    report = package_ingest(source=source)

    assert report.status == "refused"
    assert [e["code"] for e in report.errors] == [code]
    assert report.errors[0]["path"].startswith(f"{source.name}:{TOP}/")
    assert_nothing_left()


def test_a_file_and_a_folder_of_the_same_name_are_refused(example_bag):
    clash = f"{TOP}/data/materials/clash"
    source = zip_bag(example_bag(), extra={clash: b"x", f"{clash}/inner.txt": b"y"})

    report = package_ingest(source=source)

    assert_refused(
        report, "archive_entry_unwritable", f"{source.name}:{clash}/inner.txt"
    )
    assert_nothing_left()


def _tar_gz_of_tiny_members(target: Path, count: int) -> Path:
    """`count` empty members, then a gzip stream cut short: reading the whole
    archive would end in an error, so only a reader that stopped early refuses
    it for its entry count."""
    header = tarfile.TarInfo(f"{TOP}/data/tiny.txt").tobuf(format=tarfile.GNU_FORMAT)
    with gzip.open(target, "wb", compresslevel=1) as gz:
        for _ in range(count // 1000):
            gz.write(header * 1000)
    return _cut(target, target.stat().st_size - 64)


def test_a_tar_gz_of_200000_tiny_members_stops_reading_at_the_limit(tmp_path, settings):
    settings.ARCHIVE_SIP_MAX_ENTRIES = 1000
    source = _tar_gz_of_tiny_members(tmp_path / "many.tar.gz", 200_000)

    tracemalloc.start()
    report = package_ingest(source=source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert_refused(report, "archive_too_many_entries", source.name)
    assert "第 1001 个条目" in report.errors[0]["message"]
    # Streaming is proven by where it stopped (the member after the limit; the
    # archive's damaged end is never reached) and by memory, not by a clock.
    assert peak < 20 * 1024 * 1024
    assert_nothing_left()
