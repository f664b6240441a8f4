"""The one file module: streamed digests, synced copies, atomic placement."""

import hashlib
import os
from pathlib import Path

import pytest

from preservation import files

# More than two reads, ending in a partial one.
CONTENT = os.urandom(2 * files.CHUNK_SIZE + 12345)
# SM3 of "abc", GB/T 32905-2016 appendix A.1.
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


@pytest.fixture
def big_file(tmp_path) -> Path:
    path = tmp_path / "original.bin"
    path.write_bytes(CONTENT)
    return path


def test_digests_read_once_match_each_algorithm_and_report_progress(big_file):
    seen = []
    found = files.digests(
        big_file, ("sha256", "sha512"), lambda done, total: seen.append((done, total))
    )
    assert found == {
        "sha256": hashlib.sha256(CONTENT).hexdigest(),
        "sha512": hashlib.sha512(CONTENT).hexdigest(),
    }
    assert len(seen) == 3
    assert seen[-1] == (len(CONTENT), len(CONTENT))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_sm3_digest_is_the_standard_one(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert files.digest(path, "sm3") == SM3_ABC
    assert files.content_digests(b"abc", ("sm3",)) == {"sm3": SM3_ABC}


def test_copy_with_digests_copies_every_byte_and_hashes_them(big_file, tmp_path):
    target = tmp_path / "copy.bin"
    target.write_bytes(b"older and longer content " * 10)
    found, size = files.copy_with_digests(big_file, target, ("sha256",))
    assert target.read_bytes() == CONTENT
    assert size == len(CONTENT)
    assert found == {"sha256": hashlib.sha256(CONTENT).hexdigest()}


def test_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "D1.iso.sha256"
    target.write_text("old")
    files.write_atomically(target, b"new checksum line\n")
    assert target.read_bytes() == b"new checksum line\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["D1.iso.sha256"]


def test_place_atomically_by_link_never_replaces_an_existing_file(tmp_path):
    final, tmp = tmp_path / "object", tmp_path / "incoming"
    final.write_bytes(b"first")
    tmp.write_bytes(b"second")
    with pytest.raises(FileExistsError):
        files.place_atomically(tmp, final, link=True)
    assert final.read_bytes() == b"first"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_place_tree_copies_a_folder_whole(big_file, tmp_path):
    source = tmp_path / "bag"
    (source / "data").mkdir(parents=True)
    (source / "bagit.txt").write_text("BagIt-Version: 1.0\n")
    (source / "data" / "original.bin").write_bytes(CONTENT)
    target = tmp_path / "aips" / "fonds" / "v1"
    files.place_tree(source, target)
    assert _tree(target) == _tree(source)
    assert [p.name for p in target.parent.iterdir()] == ["v1"]


def test_place_tree_aside_swaps_out_a_damaged_copy(tmp_path):
    good, target = tmp_path / "good", tmp_path / "copies" / "bag"
    good.mkdir()
    (good / "a.txt").write_text("good")
    target.mkdir(parents=True)
    (target / "a.txt").write_text("damaged")
    (target / "stray.txt").write_text("extra")
    files.place_tree(good, target, aside=".repair-")
    assert _tree(target) == {"a.txt": b"good"}
    assert [p.name for p in target.parent.iterdir()] == ["bag"]


def test_place_tree_that_fails_leaves_nothing_behind(tmp_path):
    target = tmp_path / "aips" / "v1"
    with pytest.raises(OSError):
        files.place_tree(tmp_path / "missing", target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []
