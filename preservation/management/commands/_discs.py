"""What `disc_export` and `disc_verify` share: who runs them, and a progress bar."""

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn


def operator(username: str | None):
    """The user named by `--by` and the name to record (the OS user without it)."""
    if not username:
        return None, getpass.getuser()
    try:
        user = get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"用户 {username} 不存在。") from exc
    return user, user.get_username()


@contextmanager
def byte_progress(prefix: str = "") -> Iterator:
    """A rich progress bar on a terminal; yields a `progress(stage, done, total)`."""
    console = Console(stderr=True)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            description = f"{prefix} {stage}".strip()
            bar.update(task, description=description, completed=done, total=total)

        yield progress
