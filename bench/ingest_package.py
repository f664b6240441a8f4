"""The submission package the ingest benchmark ingests, and its bags.

The example case (../shared/examples/sip-example-major-penalty) plus large
body-worn-camera videos, written once with their SHA-256 computed while
writing; every bag (a directory, or an uncompressed .tar of one) hard-links to
them under its own case number and carries manifests written from those digests.
`build_package` makes them all and says what it made.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import struct
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from ingest_machine import CHUNK, ROOT, MiB, console

EXAMPLE = ROOT.parent / "shared" / "examples" / "sip-example-major-penalty"
EXAMPLE_VIDEO = "data/materials/investigation/03-现场检查录像.mp4"
VIDEO_NAME = "执法记录仪录像.mp4"  # the added videos: NN-执法记录仪录像.mp4


# --- the submission package ----------------------------------------------------


def mp4_with_padding(clip: bytes, size: int) -> tuple[bytes, int]:
    """The clip followed by the header of a `free` box padding it to `size`.

    Returns the bytes to write first and how many random bytes must follow.
    """
    padding = size - len(clip) - 16
    if padding < 0:
        raise SystemExit(f"Each video needs at least {len(clip) + 16} bytes.")
    header = struct.pack(">I4sQ", 1, b"free", 16 + padding)  # 64-bit box size
    return clip + header, padding


def write_video(path: Path, clip: bytes, size: int) -> str:
    """Write one video and return its SHA-256, computed while writing."""
    head, padding = mp4_with_padding(clip, size)
    hasher = hashlib.sha256(head)
    with path.open("wb") as f:
        f.write(head)
        while padding:
            chunk = os.urandom(min(CHUNK, padding))
            hasher.update(chunk)
            f.write(chunk)
            padding -= len(chunk)
    return hasher.hexdigest()


def video_entry(number: int, nth: int, agency: str, officer: str) -> dict:
    """The materials[] entry of the `nth` video, numbered `number` in the case."""
    start = dt.datetime(2025, 2, 10, 9, 0) + dt.timedelta(minutes=10 * nth)
    return {
        "path": f"materials/investigation/{number:02d}-{VIDEO_NAME}",
        "stage": "investigation",
        "form": "video",
        "doc_type": "执法记录仪录像",
        "doc_number": "",
        "author": agency,
        "title": f"现场检查执法记录仪录像（第 {nth} 段）",
        "date": "2025-02-10",
        "activity": "on_site_inspection",
        "av": {
            "recorded_from": f"{start:%Y-%m-%dT%H:%M}:00+08:00",
            "recorded_to": f"{start + dt.timedelta(minutes=9):%Y-%m-%dT%H:%M}:00+08:00",
            "stored_at": "2025-02-10T17:30:00+08:00",
            "device": f"ZFJLY-{nth:04d}",
            "made_by": officer,
            "method": "执法记录仪录像",
            "proves": "现场检查情况",
            "continuous": True,
            "interruptions": [],
        },
    }


@dataclass
class Package:
    """What every bag holds: the example's documents and the large videos.

    The videos are written once; every bag hard-links to them.
    """

    files: dict[str, tuple[Path, str]]  # path under data/ -> (file, SHA-256)
    videos: int
    each: int  # bytes of each video
    clip: int  # bytes of the real clip at the head of every video

    @property
    def payload(self) -> int:
        """Bytes of all materials: what the progress callback counts."""
        return sum(path.stat().st_size for path, _ in self.files.values())


def example_materials() -> list[dict]:
    document = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))
    return document["materials"]


def write_videos(work: Path, size: int, videos: int) -> Package:
    clip = (EXAMPLE / EXAMPLE_VIDEO).read_bytes()
    files = {}
    for entry in example_materials():
        path = EXAMPLE / "data" / entry["path"]
        files[entry["path"]] = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    pool = work / "videos"
    pool.mkdir()
    each = size // videos
    first = len(files) + 1
    for number in range(first, first + videos):
        path = pool / f"{number:02d}.mp4"
        rel = f"materials/investigation/{number:02d}-{VIDEO_NAME}"
        files[rel] = (path, write_video(path, clip, each))
    return Package(files, videos, each, len(clip))


def case_document(case_number: str, package: Package) -> dict:
    """The example's case.json under another number, with the videos added."""
    document = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))
    case = document["case"]
    case["case_number"] = case_number
    agency, officer = case["agency"]["name"], case["officers"][0]["name"]
    first = len(document["materials"]) + 1
    document["materials"] += [
        video_entry(first + nth, nth + 1, agency, officer)
        for nth in range(package.videos)
    ]
    return document


def write_tag_file(bag: Path, name: str, lines: list[str]) -> str:
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    (bag / name).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def write_bag(bag: Path, package: Package, document: dict) -> None:
    """A BagIt 1.0 bag of the package's files and `document` as case.json.

    The videos are hard links, the example's small documents copies. The
    manifests are written here from the digests computed with the videos,
    which saves bagit-python a second read of every byte; ingest checks them
    with bagit-python like any other bag.
    """
    case_json = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    (bag / "data").mkdir(parents=True)
    (bag / "data" / "case.json").write_bytes(case_json)
    manifest = [f"{hashlib.sha256(case_json).hexdigest()}  data/case.json"]
    for entry in document["materials"]:
        source, digest = package.files[entry["path"]]
        target = bag / "data" / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_relative_to(EXAMPLE):
            shutil.copyfile(source, target)
        else:
            target.hardlink_to(source)
        manifest.append(f"{digest}  data/{entry['path']}")
    case = document["case"]
    oxum = f"{package.payload + len(case_json)}.{len(manifest)}"
    tags = {
        "bagit.txt": ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"],
        "bag-info.txt": [
            "Bag-Software-Agent: bench/ingest_throughput.py",
            f"Bagging-Date: {time.strftime('%Y-%m-%d')}",
            f"External-Identifier: {case['case_number']}",
            f"Payload-Oxum: {oxum}",
            f"Source-Organization: {case['agency']['name']}",
        ],
        "manifest-sha256.txt": manifest,
    }
    tag_manifest = [
        f"{write_tag_file(bag, name, lines)}  {name}" for name, lines in tags.items()
    ]
    write_tag_file(bag, "tagmanifest-sha256.txt", tag_manifest)


@dataclass
class Source:
    """One submission package to ingest: a bag directory or a .tar of one."""

    kind: str  # "dir" or "tar"
    path: Path
    unpacked: int  # bytes of every file in the bag (what a .tar unpacks)


def make_source(work: Path, package: Package, kind: str, number: int) -> Source:
    """A bag under its own case number, so that every ingest is a new case
    rather than a duplicate of the one before; for "tar", an uncompressed
    .tar of it."""
    bag = work / f"sip-{number:02d}-{kind}"
    case_number = f"珠应急罚〔2025〕{900 + number}号"
    write_bag(bag, package, case_document(case_number, package))
    unpacked = sum(p.stat().st_size for p in bag.rglob("*") if p.is_file())
    if kind == "dir":
        return Source(kind, bag, unpacked)
    tar = bag.with_suffix(".tar")
    with tarfile.open(tar, "w") as archive:
        archive.add(bag, arcname=bag.name)
    shutil.rmtree(bag)
    return Source(kind, tar, unpacked)


def build_package(
    work: Path, size: int, videos: int, repeat: int, modes: int = 1
) -> tuple[Package, list[Source]]:
    """The package, and `repeat` × `modes` pairs of a bag directory and a .tar."""
    console.rule("[bold]2. The submission package")
    start = time.perf_counter()
    package = write_videos(work, size, videos)
    sources = []
    for i in range(repeat * modes):
        sources.append(make_source(work, package, "dir", 2 * i + 1))
        sources.append(make_source(work, package, "tar", 2 * i + 2))
    small = len(package.files) - videos
    small_bytes = package.payload - videos * package.each
    console.print(
        f"The {small} documents of {EXAMPLE.name} (PDF, JPEG, a short MP4; "
        f"{small_bytes // 1024} KiB) and {videos} × {package.each / MiB:.1f} MiB "
        "body-worn-camera videos (materials/investigation/NN-执法记录仪录像.mp4, "
        "form “video”). Each video is the example's real 160×120 H.264/AAC clip "
        f"({package.clip // 1024} KiB) followed by an MP4 `free` box of random "
        "bytes (os.urandom): libmagic says video/mp4 and the PyAV container check "
        "opens it as it would a camera file, while the bytes cannot be compressed "
        "or deduplicated."
    )
    console.print(
        "case.json is the example's, with the videos added to materials[]. "
        f"{len(sources) // 2} BagIt 1.0 bag director"
        f"{'y' if len(sources) == 2 else 'ies'} and "
        f"{len(sources) // 2} uncompressed .tar of "
        f"{sources[1].unpacked / MiB:.0f} MiB, each "
        "under its own case number, all hard-linked to the same videos; manifests "
        "from the SHA-256 computed while writing them. "
        f"Built in {time.perf_counter() - start:.1f} s."
    )
    return package, sources
