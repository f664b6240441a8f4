"""Ingest throughput, measured beside the machine's own limits.

Run from the project root (about a minute with the defaults; see bench/README.md):

    .venv/bin/python bench/ingest_throughput.py [--size-mb 512] [--files 4] \
        [--repeat 2] [--api-mb 1024] [--api-backend database|immediate] \
        [--keep] [--dir PATH]

It first measures what no ingest can beat on this machine: hashlib SHA-256 over
an in-memory buffer, and the disk's sequential write (with fsync) and read
(cold, after dropping the file from the page cache, and cached). Then it builds
a submission package (the example case plus large body-worn-camera videos),
configures Django for a throwaway SQLite database and storage roots in a
temporary folder, and times a plain copy with fsync of each package (the limit
beside SHA-256) and `package_ingest` of it, for the bag directory and the same
package as a .tar, on new and on just-freed disk blocks, in --repeat rounds;
the fastest of each counts. Last, it uploads a .tar of --api-mb MiB of video
to the producers' API of a real server process and reports its peak RSS and,
as deployed (`--api-backend database`, the default), the peak RSS of the task
worker that ingests it.

Sizes are in MiB; rates are in MB/s (10^6 bytes per second), like dd and rich.
"""

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from ingest_api import api_upload
from ingest_machine import (
    HASH_BUFFER,
    MiB,
    console,
    load_average,
    measure_limits,
    print_machine,
)
from ingest_package import build_package, make_source, write_videos
from ingest_report import NOTES, phases_table, results_table
from ingest_runs import MODES, run_rounds


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size-mb", type=int, default=512, help="total MiB of video (default 512)"
    )
    parser.add_argument(
        "--files", type=int, default=4, help="number of videos (default 4)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="rounds of ingest runs; the fastest counts (default 2)",
    )
    parser.add_argument(
        "--api-mb",
        type=int,
        default=1024,
        help="MiB of video in the package uploaded to the API (default 1024; 0: skip)",
    )
    parser.add_argument(
        "--api-backend",
        choices=("database", "immediate"),
        default="database",
        help="the API's task backend: database (a worker ingests, as make run "
        "does; default) or immediate (the ingest runs in the request)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--dir", type=Path, help="where to make the temp folder (which disk)"
    )
    args = parser.parse_args()
    if args.size_mb < 1 or not 1 <= args.files <= 99 or args.repeat < 1:
        parser.error("--size-mb ≥ 1, --files from 1 to 99, --repeat ≥ 1")
    return args


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-", dir=args.dir))
    started = time.perf_counter()
    try:
        print_machine(work)
        size = args.size_mb * MiB
        console.rule("[bold]1. The machine's limits")
        buffer = os.urandom(HASH_BUFFER)
        limits = [measure_limits(work, buffer, size, first=True)]
        package, sources = build_package(
            work, size, args.files, args.repeat, modes=len(MODES)
        )
        runs = run_rounds(work, package, sources, buffer, limits, args.keep)
        del buffer
        console.rule("[bold]4. Results")
        console.print(results_table(limits, runs))
        console.print(phases_table(runs))
        console.print(NOTES)
        if args.api_mb:
            shutil.rmtree(work / "videos", ignore_errors=True)  # room for the next
            api = work / "api"
            api.mkdir()
            package = write_videos(api, args.api_mb * MiB, args.files)
            source = make_source(api, package, "tar", 99)
            api_upload(source.path, package.payload, args.api_backend)
        console.print(
            f"\nTotal {time.perf_counter() - started:.0f} s; "
            f"load average at the end {load_average()} (other work on this "
            "machine slows every figure)."
        )
    finally:
        if args.keep:
            console.print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
