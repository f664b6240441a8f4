"""What a file's bytes say it is, by libmagic: one home for every caller.

libmagic reads a file's first `MAGIC_BYTES_MAX` bytes into memory for each
call. Its own default was 1 MiB until file 5.41 raised it to 7 MiB; each of
ingest's two calls per file (media type, description) then held 7 MiB of a
video, which raised a task worker's peak by 12 MB (issue #15: an API upload's
ingest within 200 MB). Every format the archive accepts is recognised within
its first kilobytes (OFD, a zip, is confirmed by its central directory in
`ingest.identify`), so the old default is kept. One `Magic` per mode, made
on first use and shared (each guards its handle with a lock).
"""

import functools
from pathlib import Path

import magic

MAGIC_BYTES_MAX = 1024 * 1024


@functools.cache
def _magic(*, mime: bool) -> magic.Magic:
    found = magic.Magic(mime=mime)
    found.setparam(magic.MAGIC_PARAM_BYTES_MAX, MAGIC_BYTES_MAX)
    return found


def media_type(path: Path) -> str:
    """The file's media type by content, e.g. "application/pdf"."""
    return _magic(mime=True).from_file(str(path))


def description(path: Path) -> str:
    """libmagic's description of the file, e.g. "PDF document, version 1.7"."""
    return _magic(mime=False).from_file(str(path))
