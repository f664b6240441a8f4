"""The disposition batch the destruction benchmark destroys, built for real.

`batch_build` ingests `cases` submission packages (the example case of
bench/ingest_package.py under its own case number, with body-worn-camera
videos of random bytes that make up the size), seals each dossier (which
writes its AIP to both storage locations), and ingests and seals one live
case holding the example's documents and the first due case's first video:
those originals are shared and must survive. The due cases' 届满日 are then
moved back to 2020 (as the retention tests do: the clock cannot be set 30
years ahead), and the batch goes through the services: `batch_create` by an
archivist, `item_appraise` 销毁 alternately by two appraisers, `batch_approve`
by the chief. Nothing here is timed; a rich bar shows the bytes.
"""

import datetime as dt
import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest_machine import CHUNK, MiB, console
from ingest_package import (
    EXAMPLE,
    EXAMPLE_VIDEO,
    Package,
    case_document,
    example_materials,
    mp4_with_padding,
    write_bag,
)
from ingest_runs import new_progress

DUE_END = dt.date(2020, 12, 31)
OVERRIDE = "基准测试：销毁批次"


@dataclass
class Batch:
    """The approved batch, its people, and the cases on either side of it."""

    batch: object
    witnesses: list
    due: list  # the cases to destroy
    live: object  # the case that shares originals with the first due case
    shared: set[str] = field(default_factory=set)  # digests the live case holds


def write_video(path: Path, clip: bytes, size: int, buffer: bytes, tag: str) -> str:
    """A camera-like MP4 of `size` bytes, unique by `tag`; its SHA-256.

    The random buffer repeated (cheaper than os.urandom for 10 GiB) after a
    tag, so that no two videos share a digest and storage keeps every one.
    """
    head, padding = mp4_with_padding(clip, size)
    head += tag.encode("ascii").ljust(64, b" ")
    padding -= 64
    hasher = hashlib.sha256(head)
    view = memoryview(buffer)
    with path.open("wb") as f:
        f.write(head)
        offset = 0
        while padding:
            chunk = view[offset : offset + min(CHUNK, padding)]
            hasher.update(chunk)
            f.write(chunk)
            padding -= len(chunk)
            offset = (offset + len(chunk)) % len(view)
    return hasher.hexdigest()


def _documents() -> dict[str, tuple[Path, str]]:
    files = {}
    for entry in example_materials():
        path = EXAMPLE / "data" / entry["path"]
        files[entry["path"]] = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    return files


def case_package(folder: Path, number: int, videos: int, each: int, buffer) -> Package:
    """The example's documents and `videos` new videos of `each` bytes."""
    clip = (EXAMPLE / EXAMPLE_VIDEO).read_bytes()
    files = _documents()
    folder.mkdir(parents=True)
    first = len(files) + 1
    for n in range(first, first + videos):
        path = folder / f"{n:02d}.mp4"
        rel = f"materials/investigation/{n:02d}-执法记录仪录像.mp4"
        files[rel] = (path, write_video(path, clip, each, buffer, f"{number}-{n}"))
    return Package(files, videos, each, len(clip))


def ingest_and_seal(work: Path, number: int, package: Package, user):
    """Ingest the package under case number `number`, seal it; the case."""
    from dossiers.services import dossier_assemble, dossier_seal
    from preservation.models import Package as Aip
    from preservation.services.ingest import package_ingest

    bag = work / "bags" / f"sip-{number}"
    document = case_document(f"珠应急罚〔2025〕{number}号", package)
    write_bag(bag, package, document)
    report = package_ingest(source=bag)
    shutil.rmtree(bag)
    if report.status != "accepted":
        raise SystemExit(f"ingest refused {number}: {report.errors}")
    dossier = dossier_assemble(case=report.case)
    # Sealing writes the AIP to both locations once it commits.
    dossier = dossier_seal(dossier=dossier, user=user, override_reason=OVERRIDE)
    if not Aip.objects.filter(dossier=dossier).exists():
        raise SystemExit(f"no AIP was written for {dossier.archival_code}")
    return report.case


def people(agency) -> dict:
    from django.contrib.auth import get_user_model

    from access_control.roles import membership_set

    made = {}
    for name, role in [
        ("keeper", "archivist"), ("witness", "archivist"), ("app1", "appraiser"),
        ("app2", "appraiser"), ("chief", "chief"),
    ]:  # fmt: skip
        user = get_user_model().objects.create_user(f"bench-{name}")
        membership_set(user=user, agency=agency, role=role)
        made[name] = user
    return made


def _live_package(first: Package) -> Package:
    """The example's documents and the first due case's first video."""
    files = _documents()
    video = next(rel for rel in first.files if rel not in files)
    files[video] = first.files[video]
    return Package(files, 1, first.each, first.clip)


def cases_build(work: Path, cases: int, videos: int, each: int, buffer, user):
    """Ingest and seal the due cases and the live one, under a bar of bytes."""
    due, live = [], None
    with new_progress() as bar:
        task = bar.add_task("ingest + seal", total=cases * videos * each)
        for i in range(cases):
            bar.update(task, description=f"ingest + seal {i + 1}/{cases}")
            folder = work / "videos" / f"{i:03d}"
            package = case_package(folder, 1000 + i, videos, each, buffer)
            due.append(ingest_and_seal(work, 1000 + i, package, user))
            if live is None:
                live = ingest_and_seal(work, 999, _live_package(package), user)
            shutil.rmtree(folder)  # the bag's hard links went with the bag
            bar.advance(task, videos * each)
    return due, live


def batch_build(work: Path, gib: float, cases: int, videos: int, buffer) -> Batch:
    """Build, seal and approve the batch (see the module docstring)."""
    from django.utils import timezone

    from dossiers.models import Dossier
    from preservation.retention.disposition import batch_create, item_appraise
    from preservation.retention.disposition_approval import batch_approve

    each = int(gib * 1024 * MiB) // (cases * videos)
    start = time.perf_counter()
    sealer = people_sealer()
    due, live = cases_build(work, cases, videos, each, buffer, sealer)
    Dossier.objects.filter(case__in=due).update(retention_end=DUE_END)
    who = people(live.agency)
    batch = batch_create(by_date=timezone.localdate(), user=who["keeper"])
    for i, case in enumerate(due):
        item_appraise(
            batch=batch, case_number=case.case_number, decision="destroy",
            user=who["app1" if i % 2 else "app2"], opinion="保管期限已满，无保存价值",
        )  # fmt: skip
    batch = batch_approve(batch=batch, user=who["chief"], opinion="同意销毁")
    shared = set(live.materials.values_list("digest", flat=True))
    console.print(
        f"{cases} due cases ({videos} × {each / MiB:,.0f} MiB videos each) and one "
        f"live case sharing {len(shared)} originals: ingested, sealed, packaged in "
        f"both locations, batch {batch.number} appraised and approved in "
        f"{time.perf_counter() - start:,.0f} s (not timed)."
    )
    return Batch(batch, [who["keeper"], who["witness"]], due, live, shared)


def people_sealer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("bench-sealer")
