"""The text of an OFD document (GB/T 33190-2016), page by page.

An OFD file is a zip of XML parts: `OFD.xml` names each document's
`Document.xml` (`DocBody/DocRoot`), whose `Pages/Page` entries give the page
order and each page's `Content.xml` (`BaseLoc`, relative to the document's
folder, or from the package root when it starts with `/`). A page's text is in
its `TextObject/TextCode` elements, in content order, also inside `PageBlock`s.

Only the standard library's zipfile and defusedxml are used, with limits: a
part is read through at most `PART_MAX_BYTES` of decompressed bytes (a zip
bomb stops there), at most `PAGES_MAX` pages, and defusedxml refuses DTDs, so
no entity can expand. Anything wrong — not a zip, no `OFD.xml`, a page whose
part is missing or not XML — raises `OfdError` with a Chinese reason; the
caller records the document as failed and goes on.
"""

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

PART_MAX_BYTES = 32 * 1024 * 1024
TOTAL_MAX_BYTES = 256 * 1024 * 1024
PAGES_MAX = 10_000


class OfdError(Exception):
    """Why an OFD document's text cannot be read (a Chinese sentence)."""


def ofd_pages(path: Path) -> list[str]:
    """The text of each page of the OFD file at `path`, in page order."""
    try:
        with zipfile.ZipFile(path) as archive:
            package = _Package(archive)
            pages = []
            for document in _documents(package):
                pages += _document_pages(package, document)
            return pages
    except zipfile.BadZipFile as exc:
        raise OfdError(f"不是有效的 OFD 文件（ZIP 包无法读取：{exc}）。") from exc
    except (OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        # an encrypted or unsupported member, a truncated or corrupt stream
        raise OfdError(f"OFD 文件无法读取：{exc}。") from exc


class _Package:
    """The zip's XML parts, read within the limits (a zip bomb stops there)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.budget = TOTAL_MAX_BYTES

    def part(self, name: str) -> Element:
        if name not in self.names:
            raise OfdError(f"OFD 文件缺少 {name}。")
        limit = min(PART_MAX_BYTES, self.budget)
        with self.archive.open(name) as member:
            data = member.read(limit + 1)
        if len(data) > limit:
            raise OfdError(f"{name} 解压后过大（超过 {limit // 2**20} MiB）。")
        self.budget -= len(data)
        try:
            return fromstring(data, forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError) as exc:
            raise OfdError(f"{name} 不是有效的 XML：{exc}。") from exc


def _documents(package: _Package) -> list[str]:
    roots = _all(package.part("OFD.xml"), "DocRoot")
    documents = [_name(e.text, "") for e in roots if (e.text or "").strip()]
    if not documents:
        raise OfdError("OFD.xml 未指明文档（缺少 DocRoot）。")
    return documents


def _document_pages(package: _Package, document: str) -> list[str]:
    folder = posixpath.dirname(document)
    pages = _all(package.part(document), "Page")
    if len(pages) > PAGES_MAX:
        raise OfdError(f"{document} 的页数超过 {PAGES_MAX} 页。")
    texts = []
    for number, page in enumerate(pages, start=1):
        location = page.get("BaseLoc", "").strip()
        if not location:
            raise OfdError(f"{document} 第 {number} 页没有指明内容（BaseLoc）。")
        texts.append(_page_text(package.part(_name(location, folder))))
    return texts


def _page_text(page: Element) -> str:
    runs = [" ".join(code.text.split()) for code in _all(page, "TextCode") if code.text]
    return _joined([run for run in runs if run])


def _joined(runs: list[str]) -> str:
    """Runs of one page as one text: where a Chinese character meets another
    run there is no space (a phrase cut between two TextCodes is still
    found); two runs of Latin text are one space apart."""
    text = ""
    for run in runs:
        latin = text[-1:].isascii() and run[0].isascii()
        text += (" " if text and latin else "") + run
    return text


def _all(element: Element, local_name: str) -> list[Element]:
    """Descendants named `local_name` in any namespace (producers differ)."""
    return [
        e
        for e in element.iter()
        if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == local_name
    ]


def _name(location: str, folder: str) -> str:
    """The zip member a location names: from the package root when it starts
    with `/`, else relative to `folder`."""
    location = location.strip()
    joined = location if location.startswith("/") else f"{folder}/{location}"
    return posixpath.normpath(joined).lstrip("/")
