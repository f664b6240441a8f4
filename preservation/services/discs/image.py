"""An ISO 9660 image with Rock Ridge and UDF, built with pycdlib.

ISO 9660 (interchange level 3) gets generated 8.3 names (`D0000001`,
`F0000001.PDF`) that any reader accepts; Rock Ridge and UDF carry the original
names, Chinese included (UDF holds 126 characters a name, Rock Ridge more).
Joliet, with its 64 characters and poor handling of long CJK names, is left
out. Files are read only while the image is written and are hashed as they
are read, so the caller can check that what went into the image is what the
package's manifest says. This module knows nothing of packages or discs.
"""

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pycdlib

from preservation.files import CHUNK_SIZE
from preservation.services.discs.parts import DiscError

AGENT = "ENFORCEMENT_ARCHIVE_DISC_WRITER"

Progress = Callable[[str, int, int], None]


class DiscWriteError(DiscError):
    """The image was not written; nothing is left under its final name."""


class VerifiedSource(io.RawIOBase):
    """A file opened only while pycdlib copies it, hashed as it is read."""

    def __init__(self, path: Path, size: int) -> None:
        super().__init__()
        self.path, self.size = path, size
        self._fp: io.BufferedReader | None = None
        self._hash = hashlib.sha256()
        # An empty file is never read; its digest is known.
        self.sha256 = "" if size else self._hash.hexdigest()

    def readable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        # pycdlib seeks to 0 before it copies; each copy starts a new hash.
        self._close_source()
        self._fp = self.path.open("rb")
        self._hash = hashlib.sha256()
        return self._fp.seek(offset, whence)

    def read(self, size: int = -1) -> bytes:
        if self._fp is None:
            self.seek(0)
        data = self._fp.read(size)
        self._hash.update(data)
        if not data or self._fp.tell() >= self.size:
            self.sha256 = self._hash.hexdigest()
            self._close_source()
        return data

    def _close_source(self) -> None:
        if self._fp is not None:
            self._fp.close()
            self._fp = None


@dataclass
class DiscFile:
    path: str  # on the disc, "<folder>/data/…"
    size: int
    sha256: str
    source: Path | None = None
    content: bytes | None = None


class IsoImage:
    """The ISO being built: generated ISO 9660 names, original RR/UDF names."""

    def __init__(self, volume: str) -> None:
        self.iso = pycdlib.PyCdlib()
        self.iso.new(
            interchange_level=3,
            rock_ridge="1.09",
            udf="2.60",
            vol_ident=volume,
            app_ident_str=AGENT,
        )
        self.folders = {PurePosixPath("."): ""}
        self.count = 0
        self.sources: list[tuple[VerifiedSource, DiscFile]] = []

    def _iso_name(self, prefix: str, suffix: str = "") -> str:
        self.count += 1
        return f"{prefix}{self.count:07d}{suffix}"

    def _folder(self, path: PurePosixPath) -> str:
        if path not in self.folders:
            parent = self._folder(path.parent)
            iso_path = f"{parent}/{self._iso_name('D')}"
            self.iso.add_directory(
                iso_path=iso_path,
                rr_name=path.name,
                udf_path=f"/{path}",
                file_mode=0o040555,
            )
            self.folders[path] = iso_path
        return self.folders[path]

    def add(self, file: DiscFile, iso_name: str | None = None) -> None:
        path = PurePosixPath(file.path)
        suffix = path.suffix[1:].upper()
        plain = suffix.isascii() and suffix.isalnum() and len(suffix) <= 3
        ext = f".{suffix}" if plain else "."
        name = iso_name or self._iso_name("F", ext)
        if file.source is not None:
            fp = VerifiedSource(file.source, file.size)
            self.sources.append((fp, file))
        else:
            fp = io.BytesIO(file.content)
        self.iso.add_fp(
            fp,
            file.size,
            iso_path=f"{self._folder(path.parent)}/{name};1",
            rr_name=path.name,
            udf_path=f"/{path}",
            file_mode=0o100444,
        )

    def check_sources(self) -> None:
        for source, file in self.sources:
            if source.sha256 != file.sha256:
                raise DiscWriteError(
                    f"{file.path} 与保存包清单中的摘要不符，主存储中的副本可能已"
                    "损坏；请先运行固定性审计修复后再刻录。"
                )


def iso_master(image: IsoImage, target: Path, progress: Progress | None) -> None:
    """Write the image to `target` and fsync it; check every file it read.

    Raises:
        DiscWriteError: a file read into the image differs from its digest.
    """

    def report(done: int, total: int, _opaque) -> None:
        if progress:
            progress("写入镜像", done, total)

    with target.open("wb") as f:
        image.iso.write_fp(f, blocksize=CHUNK_SIZE, progress_cb=report)
        f.flush()
        os.fsync(f.fileno())
    image.iso.close()
    image.check_sources()
