"""Optical discs: planning within capacity, ISO images read back through UDF and
Rock Ridge, packages spanning discs, crash safety, read-back checks, sampling.

Media capacities are replaced by tiny fake ones so that the sample packages
(about 1 MB each) fill and overflow discs.
"""

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import bagit
import pycdlib
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal
from preservation.models import Disc, DiscCheck, DiscContent, Package
from preservation.services import discs_plan
from preservation.services.aips import package_path
from preservation.services.discs import (
    DiscPlanError,
    Medium,
    disc_label_pdf,
    disc_plan,
    disc_verify,
    disc_write,
    discs_due_for_sampling,
)
from preservation.services.discs_bags import manifest_parse
from preservation.services.ingest import package_ingest
from tests.conftest import MAJOR, ORDINARY
from tests.preservation.builders import byte_flip, material_add, pdf_bytes, rebag

LONG_NAME = (
    "关于某市某区某某建材有限公司未按规定落实安全生产主体责任"
    "违反安全生产法有关规定一案的现场检查笔录询问笔录及其附件材料汇编第一册"
)
LONG_FILE = f"data/materials/investigation/16-{LONG_NAME}.pdf"


@pytest.fixture
def sealer(django_user_model):
    return django_user_model.objects.create_user("sealer")


@pytest.fixture
def seal(sealer, django_capture_on_commit_callbacks):
    def seal(case, *, new_version: bool = False) -> Package:
        dossier = case.dossiers.order_by("-version").first()
        if new_version:
            dossier = dossier_new_version(dossier=dossier, user=sealer, reason="补充")
        dossier = dossier or dossier_assemble(case=case)
        with django_capture_on_commit_callbacks(execute=True):
            dossier_seal(dossier=dossier, user=sealer, override_reason="测试封存")
        return Package.objects.get(dossier=dossier)

    return seal


@pytest.fixture
def package(ingested_case, seal):
    return seal(ingested_case)


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
        monkeypatch.setitem(discs_plan.MEDIA, "cd", medium)
        return medium

    return set_budget


def _write(plan, out: Path) -> Disc:
    return disc_write(plan, out_dir=out, disc_set="A", burned_by_name="刻录员")


def _iso(disc: Disc, out: Path) -> Path:
    return out / f"{disc.disc_number}.iso"


def _read(iso: pycdlib.PyCdlib, **path: str) -> bytes:
    buffer = io.BytesIO()
    iso.get_file_from_iso_fp(buffer, **path)
    return buffer.getvalue()


def _extract(image: Path, target: Path) -> Path:
    """Copy every file of an image out through UDF, as a mounted disc shows it."""
    iso = pycdlib.PyCdlib()
    iso.open(str(image))
    manifest = json.loads(_read(iso, udf_path="/disc-manifest.json"))
    names = [f["path"] for f in manifest["files"]]
    for name in [*names, "disc-manifest.json", "disc-manifest.txt", "disc-label.pdf"]:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(_read(iso, udf_path=f"/{name}"))
    iso.close()
    return target


# --- planning ---------------------------------------------------------------


def test_plan_keeps_each_disc_within_budget_and_fonds(
    package, example_bag, seal, tiny_cd
):
    second = seal(package.dossier.case, new_version=True)
    other = seal(package_ingest(source=example_bag(ORDINARY)).case)
    one = disc_plan([package], "cd")[0].footprint
    medium = tiny_cd(int(2.2 * one))  # two packages a disc
    plans = disc_plan([other, second, package], "cd")
    assert all(plan.footprint <= medium.budget for plan in plans)
    placed = [part.package for plan in plans for part in plan.parts]
    assert sorted(p.pk for p in placed) == sorted([package.pk, second.pk, other.pk])
    assert [plan.fonds for plan in plans] == ["J031", "J112"]  # never mixed
    assert [p.package for p in plans[0].parts] == [package, second]  # 档号 order


def test_a_file_larger_than_a_disc_is_refused_by_name(package, tiny_cd):
    tiny_cd(400_000)
    with pytest.raises(DiscPlanError, match=r"data/documents/dossier\.pdf"):
        disc_plan([package], "cd")


# --- writing and reading back ------------------------------------------------


def test_iso_reads_back_through_udf_and_rock_ridge_with_long_chinese_names(
    long_named_package, tmp_path
):
    [plan] = disc_plan([long_named_package], "cd")
    disc = _write(plan, tmp_path)
    source = package_path(long_named_package, "primary")
    original = f"data/originals/{LONG_FILE.removeprefix('data/')}"
    iso = pycdlib.PyCdlib()
    iso.open(str(_iso(disc, tmp_path)))
    folder = f"/{long_named_package.identifier}"
    assert len(LONG_NAME) > 60
    manifest = manifest_parse((source / "manifest-sha256.txt").read_text())
    assert original in manifest
    for rel in manifest:
        expected = (source / rel).read_bytes()
        assert _read(iso, udf_path=f"{folder}/{rel}") == expected
        assert _read(iso, rr_path=f"{folder}/{rel}") == expected
    names = [
        c.file_identifier().decode("utf-16-be")
        for c in iso.list_children(
            udf_path=f"{folder}/data/originals/materials/investigation"
        )
        if c.file_ident.encoding == "utf-16_be"
    ]
    assert f"16-{LONG_NAME}.pdf" in names
    iso.close()


@pytest.mark.skipif(not shutil.which("7z"), reason="7-Zip (p7zip-full) not installed")
def test_another_udf_reader_sees_the_same_disc(long_named_package, tmp_path):
    [plan] = disc_plan([long_named_package], "cd")
    disc = _write(plan, tmp_path / "out")
    target = tmp_path / "7z"
    subprocess.run(
        ["7z", "x", f"-o{target}", str(_iso(disc, tmp_path / "out"))],
        check=True,
        capture_output=True,
    )
    folder = target / long_named_package.identifier
    assert (
        folder / f"data/originals/materials/investigation/16-{LONG_NAME}.pdf"
    ).is_file()
    assert disc_verify(target).outcome == "ok"


def test_writing_registers_the_disc_with_its_digest_label_and_manifest(
    package, tmp_path
):
    [plan] = disc_plan([package], "cd")
    disc = _write(plan, tmp_path)
    image = _iso(disc, tmp_path)
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
    first = _write(plan, tmp_path)
    second = _write(plan, tmp_path)
    other_set = disc_write(plan, out_dir=tmp_path, disc_set="B", burned_by_name="x")
    assert first.disc_number.endswith("-0001")
    assert second.disc_number.endswith("-0002")
    assert other_set.disc_number == first.disc_number.replace("-A-", "-B-")


def test_label_sheet_before_writing_says_the_digest_comes_later():
    disc = Disc(
        disc_number="J031-A-2026-0009",
        disc_set="A",
        media="cd",
        fonds="J031",
        archival_code_from="J031-2025-D30-0001",
        archival_code_to="J031-2025-D30-0001",
        retention="30y",
        burned_on=dt.date(2026, 1, 5),
        burned_by_name="刻录员",
        file_count=1,
        byte_count=1,
    )
    text = PdfReader(io.BytesIO(disc_label_pdf(disc, []))).pages[0].extract_text()
    assert "J031-A-2026-0009" in text
    assert "刻录后生成" in text


# --- spanning -----------------------------------------------------------------


def test_a_package_larger_than_a_disc_spans_discs_as_bagit_parts(
    package, tiny_cd, tmp_path
):
    tiny_cd(700_000)
    plans = disc_plan([package], "cd")
    assert len(plans) >= 2
    discs = [_write(plan, tmp_path / "out") for plan in plans]
    payload: list[str] = []
    for n, disc in enumerate(discs, start=1):
        folder = f"{package.identifier}.part{n}-of-{len(discs)}"
        part = _extract(_iso(disc, tmp_path / "out"), tmp_path / f"disc{n}") / folder
        bag = bagit.Bag(str(part))
        bag.validate()  # each part is a valid bag on its own
        assert bag.info["Bag-Group-Identifier"] == package.identifier
        assert bag.info["Bag-Count"] == f"{n} of {len(discs)}"
        assert bag.info["External-Identifier"] == package.dossier.archival_code
        tagmanifest = (part / "original-bag/tagmanifest-sha256.txt").read_bytes()
        assert hashlib.sha256(tagmanifest).hexdigest() == package.tagmanifest_sha256
        payload += list(bag.payload_entries())
        content = DiscContent.objects.get(disc=disc)
        assert (content.part_number, content.part_count) == (n, len(discs))
    original = manifest_parse(
        (package_path(package, "primary") / "manifest-sha256.txt").read_text()
    )
    assert sorted(payload) == sorted(original)  # every file exactly once


def test_parts_put_together_give_back_the_package(package, tiny_cd, tmp_path):
    tiny_cd(700_000)
    whole = tmp_path / "whole"
    for n, plan in enumerate(disc_plan([package], "cd"), start=1):
        disc = _write(plan, tmp_path / "out")
        disc_root = _extract(_iso(disc, tmp_path / "out"), tmp_path / f"disc{n}")
        part = disc_root / plan.parts[0].directory
        shutil.copytree(part / "data", whole / "data", dirs_exist_ok=True)
        shutil.copytree(part / "original-bag", whole, dirs_exist_ok=True)
    bagit.Bag(str(whole)).validate()
    tagmanifest = (whole / "tagmanifest-sha256.txt").read_bytes()
    assert hashlib.sha256(tagmanifest).hexdigest() == package.tagmanifest_sha256


def test_parts_of_an_sm3_package_carry_both_manifests(
    ingested_case, seal, tiny_cd, tmp_path
):
    ingested_case.agency.sm3_manifests = True
    ingested_case.agency.save()
    package = seal(ingested_case)
    tiny_cd(700_000)
    plan = disc_plan([package], "cd")[0]
    disc = _write(plan, tmp_path / "out")
    part = _extract(_iso(disc, tmp_path / "out"), tmp_path / "disc")
    part /= plan.parts[0].directory
    bagit.Bag(str(part)).validate()
    sha256 = manifest_parse((part / "manifest-sha256.txt").read_text())
    sm3 = manifest_parse((part / "manifest-sm3.txt").read_text())
    assert set(sm3) == set(sha256) == {e.rel for e in plan.parts[0].payload}
    tagmanifest = manifest_parse((part / "tagmanifest-sm3.txt").read_text())
    assert (
        tagmanifest["original-bag/manifest-sm3.txt"]
        == hashlib.new(
            "sm3", (part / "original-bag/manifest-sm3.txt").read_bytes()
        ).hexdigest()
    )


# --- crash safety --------------------------------------------------------------


def test_a_crash_while_writing_the_image_leaves_nothing(package, tmp_path, monkeypatch):
    def crash(self, outfp, *args, **kwargs):
        outfp.write(b"\0" * 100_000)
        raise OSError("disc image volume full")

    monkeypatch.setattr(pycdlib.PyCdlib, "write_fp", crash)
    [plan] = disc_plan([package], "cd")
    with pytest.raises(OSError, match="volume full"):
        _write(plan, tmp_path / "out")
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
        _write(plan, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert not Disc.objects.exists()


# --- read-back checks ----------------------------------------------------------


@pytest.fixture
def written(package, tmp_path):
    [plan] = disc_plan([package], "cd")
    disc = _write(plan, tmp_path / "out")
    return disc, _iso(disc, tmp_path / "out")


def test_verify_passes_on_the_image_and_on_an_extracted_folder(written, tmp_path):
    disc, image = written
    from_iso = disc_verify(image)
    from_folder = disc_verify(_extract(image, tmp_path / "mnt"))
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
    root = _extract(image, tmp_path / "mnt")
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
    root = _extract(image, tmp_path / "mnt")
    folder = disc.contents.get().directory
    (root / folder / "data/documents/catalog.pdf").unlink()
    (root / folder / "data/extra.txt").write_text("多余")
    paths = {p["path"] for p in disc_verify(root).problems}
    assert paths == {f"{folder}/data/documents/catalog.pdf", f"{folder}/data/extra.txt"}


# --- sampling --------------------------------------------------------------------


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
