"""Uploads streamed to staging, hashed and counted on the way.

`StagingUploadHandler` writes a multipart file straight into
`ARCHIVE_STAGING/uploads/` (never into memory or /tmp), computing its SHA-256
as the chunks arrive, and stops with 413 as soon as the upload passes
`PRODUCER_API_MAX_UPLOAD_BYTES` (by default the ingest limit on a package's
unpacked size, `ARCHIVE_SIP_MAX_BYTES`). The view moves or removes the file.
"""

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from archive_site.api.errors import ApiError


def upload_limit() -> int:
    return settings.PRODUCER_API_MAX_UPLOAD_BYTES or settings.ARCHIVE_SIP_MAX_BYTES


def staging_uploads() -> Path:
    folder = Path(settings.ARCHIVE_STAGING) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class StagedUpload(UploadedFile):
    """An upload in staging with its SHA-256 and size."""

    def __init__(self, file, name: str, content_type: str, size: int, digest: str):
        super().__init__(file, name, content_type, size)
        self.digest = digest

    @property
    def path(self) -> Path:
        return Path(self.file.name)

    def temporary_file_path(self) -> str:
        return self.file.name


class StagingUploadHandler(FileUploadHandler):
    """Stream each multipart file into staging, hashing it; 413 past the limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.hash = hashlib.sha256()
        self.size = 0
        self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115 (handed to the view)
            prefix=".upload-", dir=staging_uploads(), delete=False
        )

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.size += len(raw_data)
        if self.size > upload_limit():
            self.file.close()
            Path(self.file.name).unlink(missing_ok=True)
            raise ApiError(
                413, message=f"上传的提交包超过 {upload_limit()} 字节的限制。"
            )
        self.hash.update(raw_data)
        self.file.write(raw_data)

    def file_complete(self, file_size: int):
        self.file.flush()
        self.file.seek(0)
        return StagedUpload(
            self.file,
            self.file_name,
            self.content_type,
            self.size,
            self.hash.hexdigest(),
        )
