"""Ingest at disk speed keeps every guarantee: an archive's members are hashed
as they are unpacked and stored by a link, large files are copied through the
read ‖ hash ‖ write pipeline, and still a bad checksum refuses the package by
name, a failing disk leaves no partial object, and the same package twice is
one case."""

import errno
import random
import tarfile
import threading
from pathlib import Path

import pytest
from django.conf import settings

from dossiers.models import Case
from preservation import copying, files
from preservation.models import IngestReport
from preservation.services import storage
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    assert_nothing_left,
    assert_refused,
    byte_flip,
    material_add,
    rebag,
    stored_objects,
    tar_bag,
    zip_bag,
)

pytestmark = pytest.mark.django_db

BIG = "data/materials/investigation/99-执法记录仪原始数据.bin"
# Past the size where a copy runs as a pipeline, ending in a partial buffer.
BIG_SIZE = files.PIPELINE_MIN + 3 * files.PIPELINE_CHUNK + 12345

PACKS = [
    pytest.param(lambda bag: bag, id="directory"),
    pytest.param(tar_bag, id="tar"),
    pytest.param(zip_bag, id="zip"),
]


def _big_bag(example_bag) -> Path:
    bag = example_bag()
    # Seeded, not os.urandom: random bytes can look like a format to libmagic.
    content = random.Random(15).randbytes(BIG_SIZE)
    material_add(
        bag,
        BIG,
        content,
        form="electronic_data",
        doc_type="执法记录仪原始数据",
        title="执法记录仪原始数据",
    )
    rebag(bag)
    return bag


class FailingDisk:
    """The disk as the copies see it, filling up after `room` bytes: written
    from a buffer (`copying.disk_write`) or copied by the kernel
    (`copying.disk_copy`). `install` puts it in place of both."""

    def __init__(self, room: int):
        self.room = room
        self.written = 0
        self.real_write, self.real_copy = copying.disk_write, copying.disk_copy

    def install(self, monkeypatch) -> "FailingDisk":
        monkeypatch.setattr(copying, "disk_write", self.write)
        monkeypatch.setattr(copying, "disk_copy", self.copy)
        return self

    def _take(self, size: int) -> None:
        if self.written + size > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += size

    def write(self, fd: int, chunk: memoryview) -> None:
        self._take(len(chunk))
        self.real_write(fd, chunk)

    def copy(self, src_fd: int, dst_fd: int, count: int, src_at: int, dst_at) -> int:
        self._take(count)
        copied = self.real_copy(src_fd, dst_fd, count, src_at, dst_at)
        self.written -= count - copied
        return copied


def _leftover_temporaries() -> list[Path]:
    tmp = Path(settings.ARCHIVE_STORAGE) / "objects" / "tmp"
    return list(tmp.iterdir()) if tmp.exists() else []


@pytest.mark.parametrize("pack", PACKS)
def test_a_large_file_is_stored_whole_under_its_digest_written_once(
    example_bag, monkeypatch, pack
):
    bag = _big_bag(example_bag)
    expected = files.digest(bag / BIG)
    # Counts what is written, never fails.
    disk = FailingDisk(room=10**12).install(monkeypatch)

    report = package_ingest(source=pack(bag))

    assert report.status == "accepted", report.errors
    assert report.case.materials.filter(digest=expected).count() == 1
    stored = storage.object_path(expected)
    assert stored.stat().st_size == BIG_SIZE
    assert files.digest(stored) == expected
    assert stored.stat().st_mode & 0o777 == 0o444
    assert _leftover_temporaries() == []
    # An archive's member is written once, in staging, and linked into
    # storage: the disk took the payload once, not twice.
    payload = sum(p.stat().st_size for p in (bag / "data").rglob("*") if p.is_file())
    assert BIG_SIZE < disk.written < payload + 64 * 1024


@pytest.mark.parametrize("pack", PACKS)
def test_a_member_whose_checksum_mismatches_is_refused_by_name(example_bag, pack):
    bag = _big_bag(example_bag)
    byte_flip(bag / BIG, BIG_SIZE - 7)  # after bagging: the manifest is stale

    report = package_ingest(source=pack(bag))

    assert_refused(report, "checksum_mismatch", BIG)
    error = next(e for e in report.errors if e["path"] == BIG)
    assert "sha256 校验值不符" in error["message"]
    assert_nothing_left()
    assert _leftover_temporaries() == []


@pytest.mark.parametrize("pack", PACKS)
def test_a_disk_failing_mid_file_leaves_nothing_and_a_retry_completes(
    example_bag, monkeypatch, pack
):
    source = pack(_big_bag(example_bag))
    disk = FailingDisk(room=files.PIPELINE_MIN + files.PIPELINE_CHUNK)
    disk.install(monkeypatch)
    threads = threading.active_count()

    with pytest.raises(OSError, match="No space left"):
        package_ingest(source=source)

    assert disk.written > 0  # it failed in the middle, not before starting
    # The files stored ahead of the failing one were waited for and removed.
    assert threading.active_count() == threads
    assert_nothing_left()
    assert _leftover_temporaries() == []
    assert IngestReport.objects.count() == 0
    monkeypatch.undo()
    report = package_ingest(source=source)
    assert report.status == "accepted", report.errors
    assert report.case.materials.count() == 16


@pytest.mark.parametrize("pack", PACKS)
def test_the_same_archive_twice_is_one_case_and_stores_nothing_more(example_bag, pack):
    source = pack(_big_bag(example_bag))
    first = package_ingest(source=source)
    objects = stored_objects()

    second = package_ingest(source=source)

    assert first.status == "accepted", first.errors
    assert second.status == "duplicate"
    assert second.case == first.case
    assert Case.objects.count() == 1
    assert stored_objects() == objects


def test_a_damaged_copy_of_an_archived_tar_is_refused_not_a_duplicate(example_bag):
    bag = _big_bag(example_bag)
    assert package_ingest(source=tar_bag(bag)).status == "accepted"
    objects = stored_objects()
    byte_flip(bag / BIG, 5)

    report = package_ingest(source=tar_bag(bag))

    assert_refused(report, "checksum_mismatch", BIG)
    assert stored_objects() == objects


def test_a_plain_tar_cut_inside_a_member_is_refused_as_truncated(example_bag):
    """A plain tar's members are read straight from the file: one that ends
    before its header's size is a truncated package, not a short file."""
    source = tar_bag(_big_bag(example_bag))
    with tarfile.open(source) as tf:
        member = next(m for m in tf if m.name.endswith(Path(BIG).name))
    cut = member.offset_data + BIG_SIZE // 2
    source.write_bytes(source.read_bytes()[:cut])

    report = package_ingest(source=source)

    assert_refused(report, "archive_truncated", source.name)
    assert "不完整" in report.errors[0]["message"]
    assert_nothing_left()
    assert _leftover_temporaries() == []
