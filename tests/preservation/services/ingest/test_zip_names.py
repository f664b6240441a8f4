"""Zip entry names as real tools write them: Debian's `zip -r` (UTF-8 without
the flag), 7-Zip and Python (flagged UTF-8), Chinese Windows (GBK), the Info-ZIP
Unicode Path field, and names in an encoding the archive cannot read."""

import os
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from dossiers.models import Material
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    DECISION_PDF,
    assert_nothing_left,
    material_rename,
    rebag,
    staging_leftovers,
    zip_bag,
)

pytestmark = pytest.mark.django_db

# A Chinese folder and file name, besides the sample's own Chinese file names.
CHINESE_PDF = "data/materials/审查决定/11-行政处罚决定书（正本）.pdf"
UTF8_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}


def _chinese_bag(example_bag) -> Path:
    bag = example_bag()
    material_rename(bag, DECISION_PDF, CHINESE_PDF)
    rebag(bag)
    return bag


def zip_r(bag: Path) -> Path:
    """Debian's Info-ZIP: UTF-8 bytes, no UTF-8 flag, no Unicode Path field."""
    target = bag.parent / f"{bag.name}.zip"
    subprocess.run(["zip", "-rqX", target, bag.name], cwd=bag.parent, check=True)
    return target


def seven_zip(bag: Path) -> Path:
    target = bag.parent / f"{bag.name}.zip"
    command = ["7z", "a", "-tzip", "-bd", "-bso0", str(target), bag.name]
    subprocess.run(command, cwd=bag.parent, env=UTF8_ENV, check=True)
    return target


class RawNameInfo(zipfile.ZipInfo):
    """An entry whose name is stored as the given bytes, without the UTF-8 flag."""

    def __init__(self, raw: bytes, extra: bytes = b""):
        super().__init__(raw.decode("cp437"))
        self.raw = raw
        self.extra = extra
        self.compress_type = zipfile.ZIP_DEFLATED

    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits & ~0x800


def unicode_path_field(raw: bytes, name: str) -> bytes:
    """Info-ZIP's Unicode Path extra field (0x7075) for a stored name."""
    utf8 = name.encode("utf-8")
    return struct.pack("<HHBI", 0x7075, 5 + len(utf8), 1, zlib.crc32(raw)) + utf8


def zip_raw(bag: Path, encode: Callable[[str], bytes], field=None) -> Path:
    """Zip a bag storing each name as `encode(name)`, optionally with a field."""
    target = bag.parent / f"{bag.name}.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                name = path.relative_to(bag.parent).as_posix()
                raw = encode(name)
                extra = field(raw, name) if field else b""
                zf.writestr(RawNameInfo(raw, extra), path.read_bytes())
    return target


def gbk(bag: Path) -> Path:
    return zip_raw(bag, lambda name: name.encode("gbk"))


def unicode_path_over_unreadable_bytes(bag: Path) -> Path:
    return zip_raw(bag, lambda name: name.encode("big5", "replace"), unicode_path_field)


def stale_unicode_path_over_gbk(bag: Path) -> Path:
    """The field was written for another name (CRC differs): it must be ignored."""
    return zip_raw(
        bag,
        lambda name: name.encode("gbk"),
        lambda raw, name: unicode_path_field(raw + b"x", name + "错"),
    )


@pytest.mark.parametrize(
    "pack",
    [zip_r, seven_zip, zip_bag, gbk, unicode_path_over_unreadable_bytes],
    ids=["zip -r", "7z", "python", "gbk", "unicode-path-field"],
)
def test_zips_from_every_common_tool_are_accepted_with_chinese_names(example_bag, pack):
    source = pack(_chinese_bag(example_bag))

    report = package_ingest(source=source)

    assert report.status == "accepted", report.errors
    names = set(Material.objects.values_list("original_name", flat=True))
    assert "11-行政处罚决定书（正本）.pdf" in names
    assert "04-现场照片.jpg" in names
    assert len(names) == 15
    assert staging_leftovers() == []


def test_a_stale_unicode_path_field_is_ignored(example_bag):
    source = stale_unicode_path_over_gbk(_chinese_bag(example_bag))

    report = package_ingest(source=source)

    assert report.status == "accepted", report.errors


def test_names_in_an_unknown_encoding_are_refused_once_for_the_encoding(
    example_bag,
):
    bag = _chinese_bag(example_bag)
    source = zip_raw(bag, lambda name: name.encode("big5", "replace"))

    report = package_ingest(source=source)

    assert report.status == "refused"
    assert [(e["code"], e["path"]) for e in report.errors] == [
        ("archive_name_encoding", source.name)
    ]
    assert "文件名编码" in report.errors[0]["message"]
    assert_nothing_left()
