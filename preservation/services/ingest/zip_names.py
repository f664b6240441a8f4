"""Decoding the names of zip entries, whatever tool wrote them.

Only 7-Zip, Python and a few others set the UTF-8 flag (general purpose bit
11). Debian's `zip -r` (Info-ZIP) stores UTF-8 bytes without the flag, and the
archiver of Chinese Windows stores GBK/GB18030 bytes; Python's zipfile reads
every unflagged name as CP437 and turns both into mojibake. `zip_entry_name`
recovers the stored bytes and decodes them, in this order: the flag; the
Info-ZIP Unicode Path extra field (0x7075) when its CRC matches the stored
name; UTF-8 when the bytes are valid UTF-8; else GB18030. A non-ASCII name
decoded by the last two rules is a *guess*: `manifest_unmatched` tells the
caller which guessed names the bag's manifests do not list, so that a package
can be refused once for its name encoding instead of once per file.
"""

import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

UTF8_FLAG = 0x800
UNICODE_PATH_FIELD = 0x7075


@dataclass(frozen=True)
class ZipName:
    name: str
    guessed: bool


def zip_entry_name(info: zipfile.ZipInfo) -> ZipName:
    """The entry's name as its producer meant it."""
    if info.flag_bits & UTF8_FLAG:
        return ZipName(info.orig_filename, guessed=False)
    # zipfile decoded the stored bytes as CP437, which maps every byte: undo it.
    raw = info.orig_filename.encode("cp437")
    unicode_path = _unicode_path_field(info.extra, raw)
    if unicode_path is not None:
        return ZipName(unicode_path, guessed=False)
    if raw.isascii():
        return ZipName(raw.decode("ascii"), guessed=False)
    try:
        return ZipName(raw.decode("utf-8"), guessed=True)
    except UnicodeDecodeError:
        return ZipName(raw.decode("gb18030", errors="replace"), guessed=True)


def _unicode_path_field(extra: bytes, raw: bytes) -> str | None:
    """The UTF-8 name of an Info-ZIP Unicode Path field that describes `raw`."""
    offset = 0
    while offset + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, offset)
        data = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if field_id != UNICODE_PATH_FIELD or len(data) < 5 or data[0] != 1:
            continue
        (crc,) = struct.unpack_from("<I", data, 1)
        if crc != zlib.crc32(raw):
            continue  # the name was changed after the field was written
        try:
            return data[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def manifest_unmatched(bag_root: Path, guessed: list[str]) -> list[str]:
    """The guessed bag-relative names that no manifest of the bag lists.

    An unreadable manifest lists nothing here; the bag check reports it.
    """
    listed: set[str] = set()
    for manifest in [
        *bag_root.glob("manifest-*.txt"),
        *bag_root.glob("tagmanifest-*.txt"),
    ]:
        try:
            text = manifest.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return []
        for line in text.splitlines():
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                listed.add(_nfc(_manifest_path(parts[1])))
    return [name for name in guessed if _nfc(name) not in listed]


def _manifest_path(raw: str) -> str:
    # RFC 8493 §2.1.3: only CR, LF and % are percent-encoded in manifests.
    return raw.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)
