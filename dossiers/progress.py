"""The progress bar of the archive's management commands (rich, on stderr).

Shown only on a terminal, and gone when the job ends, so that `--json` output
and logs stay clean.
"""

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn


def count_progress(*, quiet: bool = False) -> Progress:
    """A bar counting items (cases, chunks, packages): use it as a context."""
    console = Console(stderr=True)
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=True,
    )
