"""The bag itself: structure, manifests, path safety, the BagIt Profile."""

import shutil
import unicodedata

import pytest

from dossiers.models import Material
from preservation.services.ingest import package_ingest
from tests.preservation.builders import (
    DECISION_PDF,
    FIRST_PDF,
    assert_nothing_left,
    assert_refused,
    bag_info_set,
    byte_flip,
    case_read,
    manifest_line_add,
    material_rename,
    rebag,
    tag_manifests_refresh,
)

pytestmark = pytest.mark.django_db


def _payload_oxum(bag):
    files = [p for p in (bag / "data").rglob("*") if p.is_file()]
    return f"{sum(p.stat().st_size for p in files)}.{len(files)}"


def _without(bag, name):
    shutil.move(bag / name, bag.parent / f"moved-{name}")
    return bag


def _bag_info(bag):
    lines = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


@pytest.mark.parametrize(
    ("make", "path"),
    [
        pytest.param(lambda bag: bag.parent / "empty", "bagit.txt", id="empty-dir"),
        pytest.param(
            lambda bag: _without(bag, "bagit.txt"), "bagit.txt", id="no-bagit.txt"
        ),
        pytest.param(lambda bag: _without(bag, "data"), "data/", id="no-data-dir"),
    ],
)
def test_a_folder_that_is_not_a_bag_is_refused(example_bag, make, path):
    bag = example_bag()
    (bag.parent / "empty").mkdir()
    source = make(bag)

    report = package_ingest(source=source)

    assert_refused(report, "not_a_bag", path)
    assert_nothing_left()


def test_a_flipped_byte_fails_the_checksum_although_payload_oxum_matches(
    example_bag,
):
    bag = example_bag()
    oxum = _bag_info(bag)["Payload-Oxum"]
    byte_flip(bag / DECISION_PDF)
    # Same size, same count: only a full checksum validation can notice.
    assert _payload_oxum(bag) == oxum

    report = package_ingest(source=bag)

    assert_refused(report, "checksum_mismatch", DECISION_PDF)
    assert len(report.errors) == 1
    assert_nothing_left()


def test_a_file_listed_in_the_manifest_but_missing_is_refused(example_bag):
    bag = example_bag()
    (bag / DECISION_PDF).unlink()

    report = package_ingest(source=bag)

    assert_refused(report, "file_missing", DECISION_PDF)
    assert_nothing_left()


def test_a_payload_file_not_in_the_manifest_is_refused(example_bag):
    bag = example_bag()
    (bag / "data/materials/smuggled.pdf").write_bytes(b"%PDF-1.4\n")

    report = package_ingest(source=bag)

    assert_refused(report, "file_not_in_manifest", "data/materials/smuggled.pdf")
    assert_nothing_left()


@pytest.mark.parametrize(
    ("rel", "code"),
    [
        pytest.param("data/../bagit.txt", "path_escapes_payload", id="dotdot"),
        pytest.param("../outside.txt", "path_escapes_payload", id="dotdot-root"),
        # os.path.commonprefix("/bag/data", "/bag/data-evil/x") is "/bag/data".
        pytest.param(
            "data/../data-evil/x.pdf", "path_escapes_payload", id="sibling-dotdot"
        ),
        pytest.param("data-evil/x.pdf", "path_escapes_payload", id="sibling-prefix"),
        pytest.param("/etc/passwd", "absolute_path", id="absolute"),
    ],
)
def test_a_manifest_path_outside_data_is_refused(example_bag, rel, code):
    bag = example_bag()
    (bag / "data-evil").mkdir()
    (bag / "data-evil/x.pdf").write_bytes(b"%PDF-1.4\n")
    manifest_line_add(bag, rel)

    report = package_ingest(source=bag)

    assert_refused(report, code, rel)
    assert_nothing_left()


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("../../01-立案审批表.pdf", id="inside-bag"),
        pytest.param("/etc/passwd", id="outside-bag"),
    ],
)
def test_a_symlink_inside_data_is_refused(example_bag, target):
    bag = example_bag()
    link = bag / "data/materials/investigation/link.pdf"
    link.symlink_to(target)

    report = package_ingest(source=bag)

    assert_refused(report, "symlink_refused", "data/materials/investigation/link.pdf")
    assert_nothing_left()


@pytest.mark.parametrize("algorithms", [["md5"], ["sha1"], ["md5", "sha1"]])
def test_only_weak_manifests_are_refused(example_bag, algorithms):
    bag = example_bag()
    rebag(bag, algorithms=algorithms)

    report = package_ingest(source=bag)

    assert_refused(report, "manifest_algorithm_refused", "manifest-sha256.txt")
    assert_nothing_left()


def test_a_holey_bag_with_fetch_txt_is_refused(example_bag):
    bag = example_bag()
    (bag / "fetch.txt").write_text(
        "https://example.org/x.pdf 100 data/materials/x.pdf\n", encoding="utf-8"
    )
    tag_manifests_refresh(bag)

    report = package_ingest(source=bag)

    assert_refused(report, "fetch_not_allowed", "fetch.txt")
    assert_nothing_left()


@pytest.mark.parametrize(
    "tag",
    ["Source-Organization", "External-Identifier", "Bagging-Date", "Payload-Oxum"],
)
def test_a_missing_bag_info_tag_is_refused(example_bag, tag):
    bag = example_bag()
    bag_info_set(bag, **{tag: None})

    report = package_ingest(source=bag)

    assert_refused(report, "bag_info_missing", "bag-info.txt", tag)
    assert_nothing_left()


def test_a_wrong_payload_oxum_is_refused(example_bag):
    bag = example_bag()
    bag_info_set(bag, **{"Payload-Oxum": "1.15"})

    report = package_ingest(source=bag)

    assert_refused(report, "payload_oxum_mismatch", "bag-info.txt", "Payload-Oxum")
    assert_nothing_left()


def _set_version(bag, version):
    text = (bag / "bagit.txt").read_text(encoding="utf-8")
    (bag / "bagit.txt").write_text(
        text.replace("BagIt-Version: 0.97", f"BagIt-Version: {version}"),
        encoding="utf-8",
    )
    tag_manifests_refresh(bag)


@pytest.mark.parametrize("version", ["0.96", "1.1", "2.0"])
def test_an_unsupported_bagit_version_is_refused(example_bag, version):
    bag = example_bag()
    _set_version(bag, version)

    report = package_ingest(source=bag)

    assert_refused(report, "bagit_version_refused", "bagit.txt", "BagIt-Version")
    assert_nothing_left()


def test_an_edited_tag_file_fails_the_tag_manifest(example_bag):
    bag = example_bag()
    with (bag / "bag-info.txt").open("a", encoding="utf-8") as f:
        f.write("Contact-Name: 张三\n")

    report = package_ingest(source=bag)

    assert_refused(report, "checksum_mismatch", "bag-info.txt")
    assert_nothing_left()


@pytest.mark.parametrize("version", ["0.97", "1.0"])
def test_bagit_versions_of_the_profile_are_accepted(example_bag, version):
    bag = example_bag()
    _set_version(bag, version)

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    validation = report.case.events.get(event_type="validation")
    assert f"BagIt {version}" in validation.event_detail


def test_a_sha512_only_manifest_is_accepted(example_bag):
    bag = example_bag()
    rebag(bag, algorithms=["sha512"])
    assert not (bag / "manifest-sha256.txt").exists()

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    validation = report.case.events.get(event_type="validation")
    assert validation.event_outcome_detail == {"algorithms": ["sha512"]}
    # Storage still addresses objects by SHA-256.
    assert {m.digest_algorithm for m in report.case.materials.all()} == {"sha256"}


def test_a_sha512_manifest_that_lies_is_refused(example_bag):
    bag = example_bag()
    rebag(bag, algorithms=["sha512"])
    byte_flip(bag / DECISION_PDF)

    report = package_ingest(source=bag)

    assert_refused(report, "checksum_mismatch", DECISION_PDF)
    assert_nothing_left()


def test_an_nfd_file_name_is_stored_with_its_nfc_name(example_bag):
    bag = example_bag()
    nfc = "data/materials/initiation/01-立案审批表-Café.pdf"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    material_rename(bag, FIRST_PDF, nfc)
    (bag / nfc).rename(bag / nfd)  # on disk and in the manifest: NFD, as macOS
    rebag(bag)
    assert nfd in (bag / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert case_read(bag)["materials"][0]["path"] == nfc.removeprefix("data/")

    report = package_ingest(source=bag)

    assert report.status == "accepted", report.errors
    material = Material.objects.get(case=report.case, sequence=1)
    assert material.original_name == "01-立案审批表-Café.pdf"
    assert unicodedata.is_normalized("NFC", material.original_name)
    assert material.path == nfc


def test_a_refusal_lists_every_structural_problem_of_the_bag(example_bag):
    # The producer's complaint of issue #15: one refusal, one problem at a time.
    bag = example_bag()
    rebag(bag, algorithms=["md5"])
    bag_info_set(bag, **{"Bagging-Date": None})
    (bag / DECISION_PDF).unlink()
    (bag / "data/materials/smuggled.pdf").write_bytes(b"%PDF-1.4\n")
    with (bag / "manifest-md5.txt").open("a", encoding="utf-8") as f:
        f.write(f"{'0' * 32}  /etc/passwd\n")
    with (bag / "bag-info.txt").open("a", encoding="utf-8") as f:
        f.write("Contact-Name :张三\n")

    report = package_ingest(source=bag)

    found = {(e["code"], e["path"]) for e in report.errors}
    assert found >= {
        ("bag_info_syntax", "bag-info.txt"),
        ("absolute_path", "/etc/passwd"),
        ("file_missing", DECISION_PDF),
        ("file_not_in_manifest", "data/materials/smuggled.pdf"),
        ("checksum_mismatch", "bag-info.txt"),
        ("manifest_algorithm_refused", "manifest-sha256.txt"),
        ("bag_info_missing", "bag-info.txt"),
    }
    assert_nothing_left()
