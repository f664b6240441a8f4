"""`discs.image`: the ISO image reads back through UDF and Rock Ridge, long
Chinese names included, and another UDF reader (7-Zip) sees the same disc.
"""

import shutil
import subprocess

import pycdlib
import pytest

from preservation.services.aips import package_path
from preservation.services.discs import disc_plan, disc_verify
from preservation.services.discs.parts import manifest_parse
from tests.preservation.services.discs.helpers import (
    LONG_FILE,
    LONG_NAME,
    iso_of,
    read,
    write,
)


def test_iso_reads_back_through_udf_and_rock_ridge_with_long_chinese_names(
    long_named_package, tmp_path
):
    [plan] = disc_plan([long_named_package], "cd")
    disc = write(plan, tmp_path)
    source = package_path(long_named_package, "primary")
    original = f"data/originals/{LONG_FILE.removeprefix('data/')}"
    iso = pycdlib.PyCdlib()
    iso.open(str(iso_of(disc, tmp_path)))
    folder = f"/{long_named_package.identifier}"
    assert len(LONG_NAME) > 60
    manifest = manifest_parse((source / "manifest-sha256.txt").read_text())
    assert original in manifest
    for rel in manifest:
        expected = (source / rel).read_bytes()
        assert read(iso, udf_path=f"{folder}/{rel}") == expected
        assert read(iso, rr_path=f"{folder}/{rel}") == expected
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
    disc = write(plan, tmp_path / "out")
    target = tmp_path / "7z"
    subprocess.run(
        ["7z", "x", f"-o{target}", str(iso_of(disc, tmp_path / "out"))],
        check=True,
        capture_output=True,
    )
    folder = target / long_named_package.identifier
    assert (
        folder / f"data/originals/materials/investigation/16-{LONG_NAME}.pdf"
    ).is_file()
    assert disc_verify(target).outcome == "ok"
