"""Helpers shared by the disc tests: writing a planned disc, reading an image.

`extract` copies every file of an image out through UDF, as a mounted disc
shows it, so that the mounted-disc checks can run on a folder.
"""

import io
import json
from pathlib import Path

import pycdlib

from preservation.models import Disc
from preservation.services.discs import disc_write

LONG_NAME = (
    "关于某市某区某某建材有限公司未按规定落实安全生产主体责任"
    "违反安全生产法有关规定一案的现场检查笔录询问笔录及其附件材料汇编第一册"
)
LONG_FILE = f"data/materials/investigation/16-{LONG_NAME}.pdf"


def write(plan, out: Path) -> Disc:
    return disc_write(plan, out_dir=out, disc_set="A", burned_by_name="刻录员")


def iso_of(disc: Disc, out: Path) -> Path:
    return out / f"{disc.disc_number}.iso"


def read(iso: pycdlib.PyCdlib, **path: str) -> bytes:
    buffer = io.BytesIO()
    iso.get_file_from_iso_fp(buffer, **path)
    return buffer.getvalue()


def extract(image: Path, target: Path) -> Path:
    """Copy every file of an image out through UDF, as a mounted disc shows it."""
    iso = pycdlib.PyCdlib()
    iso.open(str(image))
    manifest = json.loads(read(iso, udf_path="/disc-manifest.json"))
    names = [f["path"] for f in manifest["files"]]
    for name in [*names, "disc-manifest.json", "disc-manifest.txt", "disc-label.pdf"]:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(read(iso, udf_path=f"/{name}"))
    iso.close()
    return target
