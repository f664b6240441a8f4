"""The ingest benchmark's tables: results beside the machine's limits, phases.

`results_table` shows the machine's limits and, on new and on just-freed
blocks, a plain copy with fsync of each package beside its ingest, with the
ratio to the limit (the slower of SHA-256 and the copy; issue #15 asks for
≥ 0.8); `phases_table` shows where each ingest's time went;
NOTES explains how to read them (see bench/README.md).
"""

from ingest_machine import Limits, MiB, best_limits
from ingest_runs import MODES, PHASES, Run
from rich.table import Table

# --- the report ----------------------------------------------------------------

GOAL = 0.8  # issue #15: ingest ≥ 0.8 × the machine's limit
LABELS = {"dir": "bag directory", "tar": ".tar"}


def best_runs(runs: list[Run]) -> dict[tuple[str, str], Run]:
    """The fastest run of each (kind, mode)."""
    best: dict[tuple[str, str], Run] = {}
    for run in runs:
        key = (run.kind, run.mode)
        if key not in best or run.seconds < best[key].seconds:
            best[key] = run
    return best


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
        table.add_row(label, f"{value:.0f}", "", "", each, note)


def results_table(rounds: list[Limits], runs: list[Run]) -> Table:
    table = Table(
        title="Results: best of each, MB/s = 10^6 bytes/s", title_justify="left"
    )
    for name in ("measure", "MB/s", "limit MB/s", "÷ limit", "each round MB/s"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_column("what it is")
    _limit_rows(table, rounds)
    sha256 = best_limits(rounds).sha256
    best = best_runs(runs)
    for mode in MODES:
        table.add_section()
        for kind in ("dir", "tar"):
            copy, ingest = best.get((f"copy-{kind}", mode)), best.get((kind, mode))
            if copy is None or ingest is None:
                continue
            _pair_rows(table, runs, copy, ingest, sha256)
    return table


def _pair_rows(table: Table, runs: list[Run], copy: Run, ingest: Run, sha256: float):
    limit = min(sha256, copy.rate)
    which = "SHA-256" if sha256 < copy.rate else "copy"
    ratio = ingest.rate / limit
    mark = "[green]✓[/]" if ratio >= GOAL else "[red]✗[/]"
    label = f"{LABELS[ingest.kind]}, {ingest.mode} blocks"
    table.add_row(
        f"plain copy + fsync, {label}",
        f"{copy.rate:.0f}",
        "",
        "",
        _each(runs, copy),
        f"{copy.payload / MiB:.0f} MiB, shutil.copyfile + fsync, no hash",
    )
    table.add_row(
        f"[bold]package_ingest, {label}[/]",
        f"[bold]{ingest.rate:.0f}[/]",
        f"{limit:.0f} ({which})",
        f"[bold]{ratio:.2f}[/] {mark}",
        _each(runs, ingest),
        f"{ingest.seconds:.2f} s end to end; goal ≥ {GOAL} × the slower of "
        "SHA-256 and the copy",
    )


def _each(runs: list[Run], like: Run) -> str:
    same = [r for r in runs if (r.kind, r.mode) == (like.kind, like.mode)]
    return ", ".join(f"{r.rate:.0f}" for r in sorted(same, key=lambda r: r.round))


def phases_table(runs: list[Run]) -> Table:
    table = Table(title="Where each ingest's time went (seconds)", title_justify="left")
    table.add_column("run")
    for phase in [*PHASES, "other", "total"]:
        table.add_column(phase, justify="right")
    for run in runs:
        if run.kind.startswith("copy"):
            continue
        other = run.seconds - sum(run.phases.values())
        cells = [f"{run.phases[p]:.2f}" for p in PHASES]
        label = f"{run.kind} {run.mode} #{run.round}"
        table.add_row(label, *cells, f"{other:.2f}", f"{run.seconds:.2f}")
    return table


NOTES = """What ingest does per payload byte: it reads the bag's file once (from
disk: each package was dropped from the page cache before its run; in a VM the host may
still cache it), hashes it with SHA-256 once, writes it once and fsyncs it.
A directory's file is copied into storage through files.stream_to_file's
pipeline (a reader thread, the hash in ingest's thread, a writer thread that
starts the kernel's writeback every 8 MiB), then linked under its digest
("store"). A .tar's member is written the same way into staging as the .tar
is read ("unpack"), then linked into storage without a copy ("adopt"). Then
ingest identifies each object by content (libmagic, and PyAV reads one
packet) and records the case in one transaction. The limit is the slower of
hashlib SHA-256 and a plain copy with fsync of the same bytes, measured just
before the ingest on the same kind of blocks: on this VM's disk image the
first write to a block is several times slower than a rewrite ("new" blocks:
nothing freed before, earlier runs' files kept; "freed": ballast written and
deleted first)."""
