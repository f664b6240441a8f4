"""Left only for `disc_export` until it moves to access_control (issue #11
item 7): every other command uses `ArchiveCommand`'s own helpers. Delete this
module once `disc_export` calls `self.operator` and `self.stage_progress`."""

from dossiers.commands import ArchiveCommand


def operator(username: str | None):
    """The user named by `--by` and the name to record (the OS user without it)."""
    return ArchiveCommand().operator({"user": username})


def byte_progress(prefix: str = ""):
    """A rich progress bar on a terminal; yields a `progress(stage, done, total)`."""
    return ArchiveCommand().stage_progress(prefix)
