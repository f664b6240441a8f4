"""Uploaded attachments as checked files on disk.

`access_control.disclosure.files.attachment_check` reads a file by its path
(libmagic looks at the content), so each upload is first written to a
private temporary folder that lives only as long as the request needs it.
Every file is checked before anything is filed: a refused file leaves
nothing in the storage and nothing in the database.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError

from access_control.disclosure.files import attachment_check


@contextmanager
def uploads_on_disk(files) -> Iterator[list[tuple[str, Path]]]:
    """(original name, path) of each uploaded file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="disclosure-upload-") as folder:
        pairs = []
        for index, upload in enumerate(files):
            path = Path(folder) / f"{index:03d}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            pairs.append((Path(upload.name or "file").name, path))
        yield pairs


def uploads_problems(pairs: list[tuple[str, Path]]) -> list[str]:
    """The message of every refused file (empty: all acceptable)."""
    problems = []
    for name, path in pairs:
        try:
            attachment_check(name, path)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems
