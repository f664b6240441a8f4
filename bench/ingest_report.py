"""The ingest benchmark's tables: results beside the machine's limits, phases.

`results_table` shows each limit and the fastest run of each kind in MB/s and
as a ratio to SHA-256; `phases_table` shows where each ingest's time went;
NOTES explains how to read them (see bench/README.md).
"""

from ingest_machine import Limits, MiB, best_limits
from ingest_runs import PHASES, Run
from rich.table import Table

# --- the report ----------------------------------------------------------------

LABELS = {
    "copy": "storage.object_store alone",
    "dir": "package_ingest(bag directory)",
    "tar": "package_ingest(.tar)",
}
WHAT = {
    "copy": "the hash-while-copy + fsync step alone",
    "dir": "end to end: checks, store, identify, record",
    "tar": "unpack into staging + all of the above",
}


def best_runs(runs: list[Run]) -> dict[str, list[Run]]:
    """Runs by kind, fastest first."""
    by_kind: dict[str, list[Run]] = {}
    for run in runs:
        by_kind.setdefault(run.kind, []).append(run)
    return {k: sorted(v, key=lambda r: r.seconds) for k, v in by_kind.items()}


def serial_estimate(limits: Limits) -> float | None:
    """Read (cold), hash, then write + fsync, one after another, in one thread."""
    if limits.read_cold is None:
        return None
    return 1 / (1 / limits.read_cold + 1 / limits.sha256 + 1 / limits.write)


def _limit_rows(table: Table, rounds: list[Limits]) -> None:
    best = best_limits(rounds)
    disk = f"{best.disk_bytes // MiB} MiB file"
    rows = [
        ("hashlib SHA-256", "sha256", "in memory, 1 MiB updates"),
        ("disk write + fsync", "write", f"{disk}, onto just-freed blocks"),
        ("… first write", "write_first", "round 1's first write: new blocks"),
        ("disk read, cold", "read_cold", f"{disk}, after FADV_DONTNEED"),
        ("disk read, cached", "read_cached", f"{disk}, from the page cache"),
    ]
    for label, name, note in rows:
        values = [v for r in rounds if (v := getattr(r, name)) is not None]
        value = getattr(best, name)
        if value is None:
            table.add_row(label, "n/a", "", "", "", note)
            continue
        each = ", ".join(f"{v:.0f}" for v in values)
        table.add_row(label, f"{value:.0f}", _ratio(value, best), each, "", note)
    serial = serial_estimate(best)
    if serial is not None:
        note = "1 / (1/read cold + 1/SHA-256 + 1/write)"
        table.add_row(
            "serial estimate", f"{serial:.0f}", _ratio(serial, best), "", "", note
        )


def _ratio(value: float, best: Limits) -> str:
    return f"{value / best.sha256:.2f}"


def results_table(rounds: list[Limits], runs: list[Run]) -> Table:
    table = Table(
        title="Results: best of each, MB/s = 10^6 bytes/s", title_justify="left"
    )
    for name in ("measure", "MB/s", "÷ SHA-256", "each round MB/s", "best s"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_column("what it is")
    _limit_rows(table, rounds)
    table.add_section()
    best = best_limits(rounds)
    for kind, kind_runs in best_runs(runs).items():
        fastest = kind_runs[0]
        each = ", ".join(
            f"{r.rate:.0f}" for r in sorted(kind_runs, key=lambda r: r.round)
        )
        table.add_row(
            f"[bold]{LABELS[kind]}[/]",
            f"[bold]{fastest.rate:.0f}[/]",
            f"[bold]{_ratio(fastest.rate, best)}[/]",
            each,
            f"{fastest.seconds:.2f}",
            WHAT[kind],
        )
    return table


def phases_table(runs: list[Run]) -> Table:
    table = Table(title="Where each ingest's time went (seconds)", title_justify="left")
    table.add_column("run")
    for phase in [*PHASES, "other", "total"]:
        table.add_column(phase, justify="right")
    for run in runs:
        if run.kind == "copy":
            continue
        other = run.seconds - sum(run.phases.values())
        cells = [f"{run.phases[p]:.2f}" for p in PHASES]
        label = f"{run.kind} #{run.round}"
        table.add_row(label, *cells, f"{other:.2f}", f"{run.seconds:.2f}")
    return table


NOTES = """\
What ingest does per payload byte: it reads the bag's file once (from disk: each
package was dropped from the page cache before its run; in a VM the host may
still cache it, as it caches the disk probe's file), hashes it with SHA-256
while writing it to a temporary file in storage, fsyncs that file and links it
under its digest ("store"); then it identifies the stored object by content
(libmagic reads its first bytes, PyAV opens the MP4 container and reads one
packet) and records the case in one transaction. It does all of this in one
thread, so reading, hashing and the final fsync add up rather than overlap:
"serial estimate" is what that costs with the disk and hash figures above, and
min(read, SHA-256, write) the ceiling if they overlapped perfectly. An ingest
÷ SHA-256 ratio close to the serial estimate's means ingest does little beyond
the work it must do; "store" in the second table is that work. A .tar is first
unpacked into staging (a read of the .tar and a write into the page cache,
without fsync), then ingested from there like a directory: the difference
between the two package_ingest rows is the cost of extraction. Before each run
(and before the disk probe) twice what it will write was written and deleted,
so that every run writes onto just-freed blocks: on a VM disk image the first
write to a block can be several times slower ("… first write")."""
