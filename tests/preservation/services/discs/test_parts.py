"""`discs.parts`: a package larger than a disc spans discs as BagIt parts,
each valid on its own, that put together give back the package exactly.
"""

import hashlib
import shutil

import bagit

from preservation.models import DiscContent
from preservation.services.aips import package_path
from preservation.services.discs import disc_plan
from preservation.services.discs.parts import manifest_parse
from tests.preservation.services.discs.helpers import extract, iso_of, write


def test_a_package_larger_than_a_disc_spans_discs_as_bagit_parts(
    package, tiny_cd, tmp_path
):
    tiny_cd(700_000)
    plans = disc_plan([package], "cd")
    assert len(plans) >= 2
    discs = [write(plan, tmp_path / "out") for plan in plans]
    payload: list[str] = []
    for n, disc in enumerate(discs, start=1):
        folder = f"{package.identifier}.part{n}-of-{len(discs)}"
        part = extract(iso_of(disc, tmp_path / "out"), tmp_path / f"disc{n}") / folder
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
        disc = write(plan, tmp_path / "out")
        disc_root = extract(iso_of(disc, tmp_path / "out"), tmp_path / f"disc{n}")
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
    disc = write(plan, tmp_path / "out")
    part = extract(iso_of(disc, tmp_path / "out"), tmp_path / "disc")
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
