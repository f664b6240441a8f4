"""Fixity-audit throughput beside the machine's own SHA-256 and disk speeds.

Builds one sealed dossier whose archival package (AIP) holds about --size-mb of
body-worn-camera video, written to primary and replica storage, then times
`fixity_check_run` over both copies (every file hashed in full, one pass, 1 MiB
reads) and one repair (a flipped byte in the primary copy: verify both copies,
replace the damaged one, verify again). Not part of the test suite.

    .venv/bin/python bench/fixity_audit.py [--size-mb 1024] [--videos 4] [--keep]
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_machine import MiB, console, measure_limits, print_machine
from ingest_package import build_package
from ingest_runs import django_setup, new_progress
from rich.table import Table


def sealed_package(work: Path, size: int, videos: int):
    """Ingest, assemble and seal a big case; return its package (AIP)."""
    from django.contrib.auth import get_user_model

    from dossiers.services import dossier_assemble, dossier_seal
    from preservation.services.aips import package_write
    from preservation.services.ingest import package_ingest

    _package, sources = build_package(work, size, videos, repeat=1)
    report = package_ingest(source=sources[0].path)
    if report.status != "accepted":
        raise SystemExit(f"ingest refused: {report.errors}")
    user = get_user_model().objects.create_user("bench")
    start = time.perf_counter()  # sealing writes the AIP (on commit)
    dossier = dossier_seal(
        dossier=dossier_assemble(case=report.case),
        user=user,
        override_reason="基准测试",
    )
    aip = package_write(dossier=dossier)
    console.print(
        f"AIP {aip.identifier}: {aip.file_count} files, "
        f"{aip.byte_count / MiB:.0f} MiB; sealed and written to both locations in "
        f"{time.perf_counter() - start:.1f} s."
    )
    return aip


def audit(aip) -> tuple[float, int]:
    from preservation.services.fixity import fixity_check_run

    copies = list(aip.copies.all())
    with new_progress() as bar:
        task = bar.add_task("fixity audit", total=2 * aip.byte_count)
        start = time.perf_counter()
        report = fixity_check_run(
            copies=copies, progress=lambda _c, n: bar.advance(task, n)
        )
        seconds = time.perf_counter() - start
    if report.count("ok") != 2:
        raise SystemExit(f"audit found damage: {report.as_json()}")
    return seconds, sum(c.bytes_checked for c in report.checks)


def repair(aip) -> float:
    from preservation.services.aips import package_path
    from preservation.services.fixity import copy_audit

    root = package_path(aip, "primary")
    victim = max((p for p in root.rglob("*.mp4")), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    data[random.randrange(len(data))] ^= 0x01
    victim.write_bytes(bytes(data))
    start = time.perf_counter()
    check = copy_audit(aip.copies.get(location="primary"))
    if check.outcome != "repaired":
        raise SystemExit(f"repair failed: {check.problems}")
    return time.perf_counter() - start


def report(limits, seconds: float, checked: int, repair_seconds: float) -> None:
    speed = checked / seconds / 1e6
    table = Table(title="Fixity audit", title_justify="left")
    for column in ("measure", "MB/s", "÷ SHA-256", "time"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    cold = limits.read_cold
    table.add_row("hashlib SHA-256", f"{limits.sha256:.0f}", "1.00", "")
    table.add_row(
        "disk read, cold / cached",
        f"{cold:.0f} / {limits.read_cached:.0f}"
        if cold
        else f"{limits.read_cached:.0f}",
        f"{(cold or 0) / limits.sha256:.2f}",
        "",
    )
    table.add_row(
        "[bold]fixity audit, both copies[/]",
        f"[bold]{speed:.0f}[/]",
        f"{speed / limits.sha256:.2f}",
        f"{seconds:.2f} s",
    )
    table.add_row(
        "repair of one copy (verify both, replace, verify)",
        "",
        "",
        f"{repair_seconds:.2f} s",
    )
    console.print(table)
    console.print(
        f"Audit: {checked / 1e9:.2f} GB hashed at {speed / 1000:.2f} GB/s. "
        "Each byte is read from disk once and hashed once; the ratio to SHA-256 "
        "shows how close the audit comes to the CPU's hashing limit. The copies "
        "were just written, so much of them may still be in the page cache: "
        "on a cold archive the audit is bounded by the cold read speed."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--videos", type=int, default=4)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fixity-"))
    try:
        print_machine(work)
        buffer = os.urandom(256 * MiB)
        limits = measure_limits(work, buffer, 512 * MiB, first=True)
        django_setup(work)
        aip = sealed_package(work, args.size_mb * MiB, args.videos)
        seconds, checked = audit(aip)
        report(limits, seconds, checked, repair(aip))
    finally:
        if args.keep:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
