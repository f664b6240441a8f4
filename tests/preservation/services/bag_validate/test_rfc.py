"""RFC 8493 alone (`--profile none`): example bags written for the purpose.

Valid bags of every shape the RFC allows pass; each invalid one is reported with
its code, file and line, and a bag with many faults gets all of them at once.
No database: these checks are what a producer runs on their own machine.
"""

import json
import os

import pytest

from preservation.services.bag_validate.package import bag_validate
from tests.preservation.services.bag_validate.rfc_bags import (
    lines_append,
    oxum,
    rfc_bag,
    tags_refresh,
)

ALL_ALGORITHMS = ("md5", "sha1", "sha256", "sha512")


def _check(bag):
    return bag_validate(bag, profile=False)


def _found(report):
    return {(e.code, e.file, e.line) for e in report.issues.errors}


def _assert_valid(report):
    assert report.valid, report.as_dict()
    assert report.as_dict()["errors"] == []


# --- valid bags ------------------------------------------------------------------


def test_escaped_names_in_utf8_are_valid(tmp_path):
    payload = {
        "data/100%.txt": b"percent",
        "data/two\nlines.txt": b"line feed",
        "data/carriage\rreturn.txt": b"carriage return",
        "data/案卷/询问笔录.txt": "笔录".encode(),
    }
    bag = rfc_bag(tmp_path / "bag", payload)
    manifest = (bag / "manifest-sha256.txt").read_text("utf-8")
    assert "data/100%25.txt" in manifest
    assert "data/two%0Alines.txt" in manifest

    _assert_valid(_check(bag))


def test_a_leading_dot_slash_in_manifest_paths_is_valid(tmp_path):
    bag = rfc_bag(tmp_path / "bag", prefix="./")
    assert "./data/hello.txt" in (bag / "manifest-sha256.txt").read_text("utf-8")

    _assert_valid(_check(bag))


def test_a_bag_inside_the_payload_is_just_payload(tmp_path):
    # The inner bag's manifest lies about its file: that is payload, not a tag.
    payload = {
        "data/inner/bagit.txt": b"BagIt-Version: 1.0\n",
        "data/inner/manifest-sha256.txt": b"0000  data/nothing.txt\n",
        "data/inner/data/x.txt": b"x",
    }
    _assert_valid(_check(rfc_bag(tmp_path / "bag", payload)))


def test_several_manifests_and_tag_manifests_are_all_valid(tmp_path):
    bag = rfc_bag(tmp_path / "bag", algorithms=ALL_ALGORITHMS)
    assert len(list(bag.glob("*manifest-*.txt"))) == 8

    _assert_valid(_check(bag))


def test_a_sha512_only_bag_is_valid(tmp_path):
    _assert_valid(_check(rfc_bag(tmp_path / "bag", algorithms=("sha512",))))


def test_utf16_tag_files_declared_in_bagit_txt_are_valid(tmp_path):
    payload = {"data/询问笔录.txt": "笔录".encode()}
    info = f"Source-Organization: 衡阳市应急管理局\nPayload-Oxum: {oxum(payload)}\n"
    bag = rfc_bag(tmp_path / "bag", payload, encoding="UTF-16", info=info)
    assert (bag / "bag-info.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")

    _assert_valid(_check(bag))


def test_continuation_lines_in_bag_info_are_valid(tmp_path):
    info = (
        "External-Description: 一个很长的说明，\n"
        "  续写在下一行，\n"
        "\t再续一行。\n"
        "Payload-Oxum: 6.1\n"
    )
    _assert_valid(_check(rfc_bag(tmp_path / "bag", info=info)))


# --- bagit.txt -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        pytest.param(
            b"BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n",
            "bagit_version_refused",
            1,
            id="unknown-version",
        ),
        pytest.param(
            b"BagIt-Version: one\nTag-File-Character-Encoding: UTF-8\n",
            "bagit_txt_invalid",
            1,
            id="not-a-version",
        ),
        pytest.param(
            b"BagIt-Version:1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bagit_txt_invalid",
            1,
            id="no-space",
        ),
        pytest.param(
            b"Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n",
            "bagit_txt_invalid",
            1,
            id="wrong-order",
        ),
        pytest.param(
            b"\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bagit_txt_bom",
            1,
            id="bom",
        ),
        pytest.param(
            b"BagIt-Version: 1.0\nTag-File-Character-Encoding: KLINGON\n",
            "tag_encoding_unknown",
            2,
            id="unknown-encoding",
        ),
    ],
)
def test_a_bad_bagit_txt_is_reported_with_its_line(tmp_path, content, code, line):
    bag = rfc_bag(tmp_path / "bag")
    (bag / "bagit.txt").write_bytes(content)
    tags_refresh(bag)

    report = _check(bag)

    assert not report.valid
    assert (code, "bagit.txt", line) in _found(report)


def test_a_bagit_txt_in_utf16_is_not_utf8(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    text = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    (bag / "bagit.txt").write_bytes(text.encode("utf-16"))

    assert ("bagit_txt_encoding", "bagit.txt", None) in _found(_check(bag))


# --- bag-info.txt ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "line"),
    [
        pytest.param("  starts with a continuation\n", 1, id="continuation-first"),
        pytest.param("Contact-Name : 张三\n", 1, id="space-before-colon"),
        pytest.param(" Contact-Name: 张三\nX: y\n", 1, id="leading-space-label"),
        pytest.param("Bagging-Date: 2025-03-01\nContact-Name:张三\n", 2, id="no-space"),
        pytest.param("Bagging-Date: 2025-03-01\nno colon here\n", 2, id="no-colon"),
    ],
)
def test_bad_bag_info_syntax_is_reported_with_its_line(tmp_path, info, line):
    bag = rfc_bag(tmp_path / "bag", info=info)

    report = _check(bag)

    assert ("bag_info_syntax", "bag-info.txt", line) in _found(report)


def test_bag_info_in_another_encoding_than_declared_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag", info="Contact-Name: 张三\n")
    (bag / "bag-info.txt").write_bytes("Contact-Name: 张三\n".encode("gb18030"))
    tags_refresh(bag)

    assert ("tag_file_encoding", "bag-info.txt", None) in _found(_check(bag))


# --- manifests and fetch.txt -----------------------------------------------------


def test_a_duplicate_manifest_entry_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    line = (bag / "manifest-sha256.txt").read_text("utf-8")
    lines_append(bag / "manifest-sha256.txt", line)

    report = _check(bag)

    assert ("manifest_duplicate", "data/hello.txt", 2) in _found(report)


def test_conflicting_manifest_entries_are_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    lines_append(bag / "manifest-sha256.txt", f"{'0' * 64}  ./data/hello.txt\n")

    report = _check(bag)

    assert ("manifest_conflict", "data/hello.txt", 2) in _found(report)


@pytest.mark.parametrize(
    ("manifest", "rel", "code"),
    [
        ("manifest-sha256.txt", "bagit.txt", "path_escapes_payload"),
        ("manifest-sha256.txt", "data/../bagit.txt", "path_escapes_payload"),
        ("manifest-sha256.txt", "../outside.txt", "path_escapes_payload"),
        ("manifest-sha256.txt", "/etc/passwd", "absolute_path"),
        ("manifest-sha256.txt", "C:/Windows/win.ini", "absolute_path"),
        ("tagmanifest-sha256.txt", "data/hello.txt", "path_out_of_scope"),
        ("tagmanifest-sha256.txt", "../bagit.txt", "path_escapes_payload"),
        ("tagmanifest-sha256.txt", "/etc/passwd", "absolute_path"),
    ],
)
def test_a_manifest_path_out_of_scope_is_reported(tmp_path, manifest, rel, code):
    bag = rfc_bag(tmp_path / "bag")
    lines_append(bag / manifest, f"{'0' * 64}  {rel}\n")

    report = _check(bag)

    assert not report.valid
    last = len((bag / manifest).read_text("utf-8").splitlines())
    assert (code, rel, last) in _found(report)


@pytest.mark.parametrize(
    ("rel", "code"),
    [
        ("data/../bagit.txt", "path_escapes_payload"),
        ("../../etc/passwd", "path_escapes_payload"),
        ("/etc/passwd", "absolute_path"),
        ("bag-info.txt", "path_escapes_payload"),
    ],
)
def test_a_fetch_txt_path_out_of_scope_is_reported(tmp_path, rel, code):
    bag = rfc_bag(tmp_path / "bag")
    (bag / "fetch.txt").write_text(
        f"https://example.org/a 1 data/a.txt\nhttps://example.org/b - {rel}\n",
        encoding="utf-8",
    )
    tags_refresh(bag)

    report = _check(bag)

    assert (code, rel, 2) in _found(report)


def test_a_fetch_txt_entry_missing_from_the_manifest_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    (bag / "fetch.txt").write_text(
        "https://example.org/hello.txt 6 data/hello.txt\n"
        "https://example.org/later.txt - data/later.txt\n",
        encoding="utf-8",
    )
    tags_refresh(bag)

    found = _found(_check(bag))

    assert ("fetch_not_in_manifest", "data/later.txt", None) in found
    assert not any(rel == "data/hello.txt" for _, rel, _ in found)


def test_a_malformed_manifest_line_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    lines_append(bag / "manifest-sha256.txt", "not-hex data/hello.txt\n")

    assert ("manifest_malformed", "manifest-sha256.txt", 2) in _found(_check(bag))


# --- completeness, checksums, Payload-Oxum ---------------------------------------


def test_missing_and_extra_files_are_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag", {"data/a.txt": b"a", "data/b.txt": b"b"})
    (bag / "data/a.txt").unlink()
    (bag / "data/extra.txt").write_bytes(b"a")

    found = _found(_check(bag))

    assert ("file_missing", "data/a.txt", 1) in found
    assert ("file_not_in_manifest", "data/extra.txt", None) in found


def test_every_bad_checksum_of_every_manifest_is_reported(tmp_path):
    payload = {"data/a.txt": b"a", "data/b.txt": b"b"}
    bag = rfc_bag(tmp_path / "bag", payload, algorithms=("md5", "sha512"))
    (bag / "data/a.txt").write_bytes(b"A")
    (bag / "data/b.txt").write_bytes(b"B")
    lines_append(bag / "bag-info.txt", "Contact-Name: 张三\n")

    report = _check(bag)

    mismatched = {
        (e.file, e.message.split()[0])
        for e in report.issues.errors
        if e.code == "checksum_mismatch"
    }
    assert mismatched == {
        ("data/a.txt", "md5"),
        ("data/a.txt", "sha512"),
        ("data/b.txt", "md5"),
        ("data/b.txt", "sha512"),
        ("bag-info.txt", "md5"),
        ("bag-info.txt", "sha512"),
    }


def test_a_wrong_payload_oxum_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag", info="Payload-Oxum: 7.1\n")

    report = _check(bag)

    assert ("payload_oxum_mismatch", "bag-info.txt", 1) in _found(report)
    assert report.issues.errors[0].field == "Payload-Oxum"


def test_a_malformed_payload_oxum_is_reported(tmp_path):
    bag = rfc_bag(tmp_path / "bag", info="Bagging-Date: 2025-03-01\nPayload-Oxum: 6\n")

    assert ("bag_info_invalid", "bag-info.txt", 2) in _found(_check(bag))


def test_every_rfc_fault_of_one_bag_is_reported_at_once(tmp_path):
    payload = {"data/a.txt": b"a", "data/b.txt": b"b", "data/c.txt": b"c"}
    bag = rfc_bag(tmp_path / "bag", payload, algorithms=("md5",))
    (bag / "bag-info.txt").write_text("Payload-Oxum: 9.9\nBad Line\n", "utf-8")
    lines_append(bag / "manifest-md5.txt", f"{'0' * 32}  /a\n")
    (bag / "data/a.txt").write_bytes(b"A")
    (bag / "data/b.txt").unlink()
    (bag / "data/d.txt").write_bytes(b"d")

    found = [(e.code, e.file) for e in _check(bag).issues.errors]

    assert found == [
        ("bag_info_syntax", "bag-info.txt"),
        ("absolute_path", "/a"),
        ("file_missing", "data/b.txt"),
        ("file_not_in_manifest", "data/d.txt"),
        ("checksum_mismatch", "data/a.txt"),
        ("checksum_mismatch", "bag-info.txt"),  # against the tag manifest
        ("checksum_mismatch", "manifest-md5.txt"),
        ("payload_oxum_mismatch", "bag-info.txt"),
    ]


def test_a_file_name_that_is_not_utf8_is_named_not_a_traceback(tmp_path):
    bag = rfc_bag(tmp_path / "bag")
    (bag / os.fsdecode(b"data/\xb0\xb8.txt")).write_bytes(b"GBK name")

    report = _check(bag)

    assert ("file_name_invalid", "data/\ufffd\ufffd.txt", None) in _found(report)
    json.dumps(report.as_dict(), ensure_ascii=False).encode("utf-8")


def test_a_folder_without_bagit_txt_is_not_a_bag(tmp_path):
    (tmp_path / "data").mkdir()

    report = _check(tmp_path)

    assert [(e.code, e.file) for e in report.issues.errors] == [
        ("not_a_bag", "bagit.txt")
    ]


# --- tag files a tag manifest leaves out (RFC 8493 §2.2.1: SHOULD list) ----------


def _warnings(report):
    return [(w.code, w.file) for w in report.issues.warnings]


def test_a_tag_file_left_out_of_the_tag_manifest_is_a_warning(tmp_path):
    bag = rfc_bag(tmp_path / "bag", algorithms=("sha256", "md5"))
    (bag / "notes").mkdir()
    (bag / "notes/transfer-note.txt").write_text("移交说明", "utf-8")
    tagmanifest = bag / "tagmanifest-md5.txt"
    kept = tagmanifest.read_text("utf-8").splitlines(True)
    tagmanifest.write_text(
        "".join(line for line in kept if "bag-info.txt" not in line), "utf-8"
    )

    report = _check(bag)

    _assert_valid(report)  # a SHOULD: warned, not refused
    assert sorted(_warnings(report)) == [
        ("tag_file_not_in_tagmanifest", "bag-info.txt"),
        ("tag_file_not_in_tagmanifest", "notes/transfer-note.txt"),
        ("tag_file_not_in_tagmanifest", "notes/transfer-note.txt"),
    ]
    messages = [w.message for w in report.issues.warnings]
    assert any("tagmanifest-md5.txt" in m and "标签清单" in m for m in messages)


def test_a_bag_without_tag_manifests_or_with_complete_ones_has_no_warning(tmp_path):
    complete = rfc_bag(tmp_path / "complete")
    bare = rfc_bag(tmp_path / "bare")
    (bare / "tagmanifest-sha256.txt").unlink()

    assert _warnings(_check(complete)) == []
    assert _warnings(_check(bare)) == []
