"""RFC 8493 tag files: `bagit.txt` (§2.1.1) and `bag-info.txt` (§2.2.2).

`bagit.txt` must be UTF-8 without a byte-order mark and hold exactly the two
lines `BagIt-Version: M.N` and `Tag-File-Character-Encoding: ENCODING`; every
other tag file (bag-info.txt, manifests, fetch.txt) is read in the encoding it
declares, UTF-16 included. `bag-info.txt` is parsed by the RFC's grammar, with
continuation lines, and each line that breaks it is reported by number.
Nothing here imports Django.
"""

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from preservation.services.bag_validate.issues import Issues

BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
BOM = codecs.BOM_UTF8
# The versions of RFC 8493 and of the drafts before it that this reader knows.
KNOWN_VERSIONS = ("0.93", "0.94", "0.95", "0.96", "0.97", "1.0")
_VERSION = re.compile(r"\d+\.\d+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DECLARATION = ("BagIt-Version", "Tag-File-Character-Encoding")


@dataclass
class Declaration:
    """What bagit.txt declares."""

    version: str = ""
    encoding: str = "utf-8"  # a Python codec name


@dataclass
class BagInfo:
    """bag-info.txt's elements in order: (label, value, line)."""

    elements: list[tuple[str, str, int]] = field(default_factory=list)

    def get(self, label: str, default: str = "") -> str:
        return next((v for k, v, _ in self.elements if k == label), default)

    def line(self, label: str) -> int | None:
        return next((n for k, _, n in self.elements if k == label), None)

    def flat(self) -> dict[str, str]:
        """The first value of each label."""
        flat: dict[str, str] = {}
        for label, value, _ in self.elements:
            flat.setdefault(label, value)
        return flat


def text_lines(text: str) -> list[str]:
    """Lines split on LF, CR or CRLF only, as the RFC does (not on U+2028)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def bagit_txt_read(root: Path, issues: Issues) -> Declaration:
    """Read bagit.txt, reporting its encoding, BOM and both lines."""
    try:
        raw = (root / BAGIT_TXT).read_bytes()
    except OSError as exc:
        issues.error(
            "file_unreadable", f"bagit.txt 无法读取：{exc.strerror}。", BAGIT_TXT
        )
        return Declaration()
    if raw.startswith(BOM):
        issues.error(
            "bagit_txt_bom",
            "bagit.txt 以字节顺序标记（BOM）开头；RFC 8493 要求不带 BOM 的 UTF-8。",
            BAGIT_TXT,
            line=1,
        )
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        issues.error("bagit_txt_encoding", "bagit.txt 不是 UTF-8 编码。", BAGIT_TXT)
        text = raw.decode("utf-8", errors="replace")
    values = _declaration_lines(text_lines(text), issues)
    return Declaration(
        version=_version(values.get("BagIt-Version"), issues),
        encoding=_encoding(values.get("Tag-File-Character-Encoding"), issues),
    )


def _declaration_lines(lines: list[str], issues: Issues) -> dict[str, str]:
    if len(lines) != len(_DECLARATION):
        issues.error(
            "bagit_txt_invalid",
            f"bagit.txt 应恰好两行（BagIt-Version 与 Tag-File-Character-Encoding），"
            f"实际为 {len(lines)} 行。",
            BAGIT_TXT,
        )
    values = {}
    for number, line in enumerate(lines[: len(_DECLARATION)], start=1):
        label, sep, value = line.partition(": ")
        expected = _DECLARATION[number - 1]
        if label != expected or not value or value != value.strip():
            issues.error(
                "bagit_txt_invalid",
                f"bagit.txt 第 {number} 行应为“{expected}: 值”，实际为“{line}”。",
                BAGIT_TXT,
                line=number,
                field=expected,
            )
        if sep:
            values[label.strip()] = value.strip()
    return values


def _version(version: str | None, issues: Issues) -> str:
    if version is None:
        return ""  # already reported as a malformed or missing line
    if not _VERSION.fullmatch(version):
        issues.error(
            "bagit_txt_invalid",
            f"BagIt-Version 的值 {version!r} 不是“主版本.次版本”格式。",
            BAGIT_TXT,
            line=1,
            field="BagIt-Version",
        )
    elif version not in KNOWN_VERSIONS:
        issues.error(*version_refused(version), line=1, field="BagIt-Version")
    return version


def version_refused(version: str) -> tuple[str, str, str]:
    """Code, message and file of a BagIt version that is not taken."""
    return (
        "bagit_version_refused",
        f"BagIt 版本 {version or '缺失'} 不受支持，应为 1.0 或 0.97。",
        BAGIT_TXT,
    )


def _encoding(name: str | None, issues: Issues) -> str:
    if name is None:
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        issues.error(
            "tag_encoding_unknown",
            f"Tag-File-Character-Encoding 声明的编码 {name} 无法识别，"
            "其余标签文件按 UTF-8 读取。",
            BAGIT_TXT,
            line=2,
            field="Tag-File-Character-Encoding",
        )
        return "utf-8"


def tag_text(root: Path, rel: str, encoding: str, issues: Issues) -> str | None:
    """A tag file's text in the declared encoding; None when it cannot be read."""
    try:
        raw = (root / rel).read_bytes()
    except OSError as exc:
        issues.error("file_unreadable", f"{rel} 无法读取：{exc.strerror}。", rel)
        return None
    if encoding == "utf-8" and raw.startswith(BOM):
        issues.warn(
            "tag_file_bom",
            f"{rel} 以字节顺序标记（BOM）开头；UTF-8 标签文件不应带 BOM。",
            rel,
            line=1,
        )
        raw = raw[len(BOM) :]
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        issues.error(
            "tag_file_encoding",
            f"{rel} 不是 bagit.txt 声明的 {encoding} 编码（第 {exc.start} 字节起）。",
            rel,
        )
        return None


def bag_info_read(root: Path, encoding: str, issues: Issues) -> BagInfo:
    """Parse bag-info.txt (optional in the RFC) by its grammar."""
    if not (root / BAG_INFO).is_file():
        return BagInfo()
    text = tag_text(root, BAG_INFO, encoding, issues)
    info = BagInfo()
    for number, line in enumerate(text_lines(text or ""), start=1):
        _bag_info_line(info, number, line, issues)
    return info


def _bag_info_line(info: BagInfo, number: int, line: str, issues: Issues) -> None:
    if not line.strip():
        issues.warn(
            "bag_info_blank_line",
            f"bag-info.txt 第 {number} 行是空行（RFC 8493 的语法中没有空行）。",
            BAG_INFO,
            line=number,
        )
    elif line[0] in " \t":
        if not info.elements:
            issues.error(*_syntax(number, "是续行，但前面没有标签。"), line=number)
            return
        label, value, at = info.elements[-1]
        info.elements[-1] = (label, f"{value} {line.strip()}", at)
    else:
        _bag_info_element(info, number, line, issues)


def _bag_info_element(info: BagInfo, number: int, line: str, issues: Issues) -> None:
    label, sep, value = line.partition(":")
    if not sep or not label.strip():
        issues.error(*_syntax(number, "缺少“标签: 值”中的标签或冒号。"), line=number)
        return
    if label != label.strip():
        issues.error(
            *_syntax(number, f"的标签“{label}”前后有空白。"),
            line=number,
            field=label.strip(),
        )
    if value[:1] not in (" ", "\t"):
        issues.error(
            *_syntax(number, "的冒号后应有一个空格或制表符。"),
            line=number,
            field=label.strip(),
        )
    info.elements.append((label.strip(), value.strip(), number))


def _syntax(number: int, what: str) -> tuple[str, str, str]:
    return "bag_info_syntax", f"bag-info.txt 第 {number} 行{what}", BAG_INFO
