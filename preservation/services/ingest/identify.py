"""Format identification by content (libmagic), with OFD recognised.

The extension and the declared form are claims; the bytes are the evidence.
This module says what a file is and whether the claims contradict it. It does
not judge whether the file is usable; the four-property check does that.
"""

import zipfile
from dataclasses import dataclass
from pathlib import Path

from dossiers.codes import Form
from preservation import sniff

OFD_MEDIA_TYPE = "application/ofd"  # GB/T 33190-2016

# What each extension may honestly contain.
EXTENSION_TYPES: dict[str, set[str]] = {
    ".pdf": {"application/pdf"},
    ".ofd": {OFD_MEDIA_TYPE},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".tif": {"image/tiff"},
    ".tiff": {"image/tiff"},
    ".mp4": {"video/mp4", "video/quicktime", "audio/mp4"},
    ".m4a": {"audio/mp4", "audio/x-m4a", "video/mp4"},
    ".mov": {"video/quicktime"},
    ".avi": {"video/x-msvideo"},
    ".mp3": {"audio/mpeg"},
    ".wav": {"audio/x-wav", "audio/wav"},
    ".amr": {"audio/amr"},
    ".txt": {"text/plain"},
    ".xml": {"text/xml", "application/xml"},
    ".json": {"application/json", "text/plain"},
}

EXECUTABLE_TYPES = {
    "application/x-executable",
    "application/x-pie-executable",
    "application/x-sharedlib",
    "application/x-dosexec",
    "application/x-mach-binary",
    "application/x-msdownload",
    "application/vnd.microsoft.portable-executable",
    "text/x-shellscript",
    "text/x-script.python",
    "application/x-msi",
    "application/java-archive",
}


@dataclass(frozen=True)
class Identification:
    media_type: str
    description: str
    extension_ok: bool
    form_ok: bool

    @property
    def is_executable(self) -> bool:
        return self.media_type in EXECUTABLE_TYPES


def identify(path: Path, *, name: str, declared_form: str) -> Identification:
    """Identify a file by its content and compare with its claims.

    Args:
        path: where the bytes are (a stored object has no extension).
        name: the file's original name, whose extension is a claim.
        declared_form: the form the producer declared (text, photo, …).
    """
    media_type = _media_type(path)
    description = sniff.description(path)
    expected = EXTENSION_TYPES.get(Path(name).suffix.lower())
    extension_ok = expected is None or media_type in expected
    return Identification(
        media_type=media_type,
        description=description,
        extension_ok=extension_ok,
        form_ok=form_matches(declared_form, media_type),
    )


def _media_type(path: Path) -> str:
    media_type = sniff.media_type(path)
    if media_type == "application/zip" and _is_ofd(path):
        return OFD_MEDIA_TYPE
    return media_type


def _is_ofd(path: Path) -> bool:
    """An OFD document is a zip whose root holds OFD.xml (GB/T 33190 §7)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return "OFD.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def form_matches(form: str, media_type: str) -> bool:
    """Whether a declared form (text, photo, audio, video…) fits a media type."""
    major = media_type.split("/", 1)[0]
    if form == Form.PHOTO:
        return major == "image"
    if form == Form.VIDEO:
        return major == "video" or media_type == "application/mp4"
    if form == Form.AUDIO:
        return major == "audio" or media_type in {"video/mp4", "application/mp4"}
    if form == Form.TEXT:
        return media_type in {"application/pdf", OFD_MEDIA_TYPE} or major in {
            "text",
            "image",
        }
    return media_type not in EXECUTABLE_TYPES
