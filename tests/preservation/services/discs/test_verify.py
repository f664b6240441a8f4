"""`discs.verify`: reading a disc image or a mounted disc back names every file
that differs from the disc manifest or the database, is missing or extra.
"""

import hashlib
import json
import shutil

import pycdlib

from preservation.models import DiscCheck
from preservation.services.discs import disc_verify
from tests.preservation.builders import byte_flip
from tests.preservation.services.discs.helpers import extract


def test_verify_passes_on_the_image_and_on_an_extracted_folder(written, tmp_path):
    disc, image = written
    from_iso = disc_verify(image)
    from_folder = disc_verify(extract(image, tmp_path / "mnt"))
    assert (from_iso.outcome, from_iso.via, from_iso.problems) == ("ok", "iso", [])
    assert (from_folder.outcome, from_folder.via) == ("ok", "mount")
    assert from_iso.checked_files == disc.file_count
    assert DiscCheck.objects.filter(disc=disc).count() == 2


def test_verify_names_the_file_whose_bytes_differ_in_the_image(written, tmp_path):
    disc, image = written
    target = f"{disc.contents.get().directory}/data/documents/cover.pdf"
    tampered = tmp_path / "tampered.iso"
    shutil.copyfile(image, tampered)
    iso = pycdlib.PyCdlib()
    iso.open(str(tampered))
    [(offset, length)] = iso.get_file_byte_extents(udf_path=f"/{target}")
    iso.close()
    with tampered.open("r+b") as f:
        f.seek(offset + length // 2)
        byte = f.read(1)
        f.seek(offset + length // 2)
        f.write(bytes([byte[0] ^ 0xFF]))
    check = disc_verify(tampered)
    assert check.outcome == "failed"
    assert {p["path"] for p in check.problems} == {target, "tampered.iso"}
    assert DiscCheck.objects.get(pk=check.pk).problems == check.problems


def test_verify_checks_the_database_when_file_and_manifest_agree(written, tmp_path):
    disc, image = written
    root = extract(image, tmp_path / "mnt")
    folder = disc.contents.get().directory
    target = f"{folder}/data/originals/materials/decision/11-行政处罚决定书.pdf"
    byte_flip(root / target)
    manifest = json.loads((root / "disc-manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == target:
            entry["sha256"] = hashlib.sha256((root / target).read_bytes()).hexdigest()
    (root / "disc-manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    check = disc_verify(root)
    assert check.outcome == "failed"
    assert [p["path"] for p in check.problems] == [target]


def test_verify_finds_missing_and_extra_files(written, tmp_path):
    disc, image = written
    root = extract(image, tmp_path / "mnt")
    folder = disc.contents.get().directory
    (root / folder / "data/documents/catalog.pdf").unlink()
    (root / folder / "data/extra.txt").write_text("多余")
    paths = {p["path"] for p in disc_verify(root).problems}
    assert paths == {f"{folder}/data/documents/catalog.pdf", f"{folder}/data/extra.txt"}


def test_verify_names_a_disc_whose_register_differs_from_its_manifest(written):
    disc, image = written
    content = disc.contents.get()
    listed = content.directory
    content.directory = "另一个目录"
    content.save()
    check = disc_verify(image)
    assert check.outcome == "failed"
    messages = {p["path"]: p["message"] for p in check.problems}
    assert set(messages) == {listed, "另一个目录"}
    assert "光盘登记簿与光盘清单中的内容不一致" in messages[listed]
