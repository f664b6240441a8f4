"""Content-addressed storage of the originals, and what Material records of them."""

import hashlib
import stat

import pytest

from preservation.services import storage
from tests.conftest import EXAMPLES, MAJOR
from tests.preservation.builders import PHOTO, VIDEO, stored_objects

pytestmark = pytest.mark.django_db


def test_each_original_is_stored_read_only_under_its_sha256(ingested_case, settings):
    root = settings.ARCHIVE_STORAGE / "objects" / "sha256"

    for material in ingested_case.materials.all():
        path = storage.object_path(material.digest)
        data = path.read_bytes()
        assert material.digest_algorithm == "sha256"
        assert hashlib.sha256(data).hexdigest() == material.digest
        assert (
            path == root / material.digest[:2] / material.digest[2:4] / material.digest
        )
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
        assert material.size == len(data)


def test_the_stored_bytes_are_the_submitted_bytes(ingested_case):
    photo = ingested_case.materials.get(path=PHOTO)

    with storage.object_open(photo.digest) as f:
        assert f.read() == (EXAMPLES / MAJOR / PHOTO).read_bytes()


def test_materials_record_pages_media_type_and_size(ingested_case):
    materials = {m.path: m for m in ingested_case.materials.all()}
    decision = materials["data/materials/decision/11-行政处罚决定书.pdf"]

    assert (decision.media_type, decision.pages) == ("application/pdf", 2)
    assert (materials[PHOTO].media_type, materials[PHOTO].pages) == ("image/jpeg", 1)
    assert (materials[VIDEO].media_type, materials[VIDEO].pages) == ("video/mp4", None)
    assert all(m.size > 0 for m in materials.values())
    assert [m.sequence for m in materials.values()] == list(range(1, 16))


def test_one_object_per_distinct_content(ingested_case):
    digests = set(ingested_case.materials.values_list("digest", flat=True))

    assert {p.name for p in stored_objects()} == digests


def test_storing_the_same_bytes_twice_keeps_one_object(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"same bytes")

    first = storage.object_store(source)
    second = storage.object_store(source, extra_algorithms=("sha512",))

    assert (first.created, second.created) == (True, False)
    assert first.path == second.path
    assert second.extra_digests == {"sha512": hashlib.sha512(b"same bytes").hexdigest()}
    assert stored_objects() == {first.path}


@pytest.mark.parametrize("digest", ["", "../" * 21 + "x", "A" * 64, "0" * 63])
def test_object_path_refuses_what_is_not_a_sha256(digest):
    with pytest.raises(ValueError, match="SHA-256"):
        storage.object_path(digest)
