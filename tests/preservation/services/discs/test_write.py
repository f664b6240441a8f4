"""`discs.write`: a written disc is registered with its digest, number, label
and manifest; a crash, a missing burner or a damaged primary copy leaves
neither an image nor a register entry.
"""

import hashlib

import pycdlib
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from preservation.models import Disc, DiscContent
from preservation.services.aips import package_path
from preservation.services.discs import disc_plan, disc_write
from tests.preservation.builders import byte_flip
from tests.preservation.services.discs.helpers import iso_of, write


def test_writing_registers_the_disc_with_its_digest_label_and_manifest(
    package, tmp_path
):
    [plan] = disc_plan([package], "cd")
    disc = write(plan, tmp_path)
    image = iso_of(disc, tmp_path)
    assert disc.disc_number == f"J031-A-{timezone.localdate().year}-0001"
    assert disc.iso_sha256 == hashlib.sha256(image.read_bytes()).hexdigest()
    assert disc.iso_size == image.stat().st_size
    assert disc.file_count == package.file_count + 4  # and the bag's tag files
    checksum = (tmp_path / f"{disc.disc_number}.iso.sha256").read_text()
    assert checksum == f"{disc.iso_sha256}  {disc.disc_number}.iso\n"
    label = PdfReader(tmp_path / f"{disc.disc_number}-label.pdf").pages[0]
    text = label.extract_text()
    assert disc.disc_number in text
    assert disc.iso_sha256[:32] in text
    content = DiscContent.objects.get(disc=disc)
    assert (content.package, content.part_number, content.part_count) == (
        package,
        1,
        1,
    )


def test_the_next_disc_of_a_set_gets_the_next_number(package, tmp_path):
    [plan] = disc_plan([package], "cd")
    first = write(plan, tmp_path)
    second = write(plan, tmp_path)
    other_set = disc_write(plan, out_dir=tmp_path, disc_set="B", burned_by_name="x")
    assert first.disc_number.endswith("-0001")
    assert second.disc_number.endswith("-0002")
    assert other_set.disc_number == first.disc_number.replace("-A-", "-B-")


def test_a_crash_while_writing_the_image_leaves_nothing(package, tmp_path, monkeypatch):
    def crash(self, outfp, *args, **kwargs):
        outfp.write(b"\0" * 100_000)
        raise OSError("disc image volume full")

    monkeypatch.setattr(pycdlib.PyCdlib, "write_fp", crash)
    [plan] = disc_plan([package], "cd")
    with pytest.raises(OSError, match="volume full"):
        write(plan, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []  # no image, no partial file
    assert not Disc.objects.exists()
    assert not DiscContent.objects.exists()


def test_a_disc_without_a_burner_is_refused_before_anything_is_written(
    package, tmp_path
):
    [plan] = disc_plan([package], "cd")
    read = []
    with pytest.raises(ValidationError):
        disc_write(
            plan,
            out_dir=tmp_path / "out",
            disc_set="A",
            on_read=lambda package, number: read.append(number),
        )
    assert read == []
    assert not (tmp_path / "out").exists()


def test_a_damaged_primary_copy_is_never_burned(package, tmp_path):
    [plan] = disc_plan([package], "cd")
    byte_flip(package_path(package, "primary") / "data/documents/cover.pdf")
    with pytest.raises(Exception, match=r"data/documents/cover\.pdf"):
        write(plan, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert not Disc.objects.exists()
