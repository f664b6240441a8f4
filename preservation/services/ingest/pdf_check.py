"""The PDF part of the four-property check (四性检测, DA/T 70-2018).

`pdf_inspect` opens a stored PDF the way every later step will (pikepdf for
binding the dossier, qpdf's full syntax check for the streams the viewers and
pypdf decode) and says what is wrong with it. The contract with the later
steps — assembly, text extraction, the merged dossier PDF and the online
preview — is that a PDF without an error here can be used by all of them:

- refused (可用性): cannot be opened without repair, encrypted (a user
  password, or only an owner password restricting printing and copying:
  encryption ties the record to a key and a cipher, and PDF/A and GB/T 18894
  want archival files unencrypted), no pages, a page tree whose /Count lies
  (viewers trusting it ask for pages that do not exist), a page without a
  usable /MediaBox or with a /Rotate that is not a multiple of 90, streams or
  objects qpdf cannot decode or parse;
- refused (安全性): JavaScript and Launch actions; a warning for embedded
  files and additional actions (the pages are still the record);
- a warning (可用性): outlines whose chain loops (the dossier carries its own
  outline; the original's is kept untouched);
- information (真实性): incremental updates — the file was changed after it
  was first saved (every electronically signed document is), and the report
  says how many revisions it has; the last revision is the record.

The caller turns the problems into findings naming the file.
"""

import mmap
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pikepdf

from preservation.problems import Severity

USABILITY, SECURITY, AUTHENTICITY = "可用性", "安全性", "真实性"
ACTIVE_PDF_KEYS = {
    "/JavaScript": Severity.ERROR,
    "/JS": Severity.ERROR,
    "/Launch": Severity.ERROR,
    "/EmbeddedFiles": Severity.WARNING,
    "/AA": Severity.WARNING,
}
MAX_OUTLINE_ITEMS = 100_000
MAX_PROBLEMS_SHOWN = 3


@dataclass(frozen=True)
class PdfProblem:
    code: str
    severity: str
    message: str
    category: str
    detail: dict = field(default_factory=dict)


@dataclass
class PdfInspection:
    pages: int | None = None
    problems: list[PdfProblem] = field(default_factory=list)


def pdf_inspect(path: Path) -> PdfInspection:
    """Check one PDF for everything the later steps need of it.

    Never raises for what is in the file: hostile input reaches qpdf's C++
    and can fail in ways no list of exception types foresees.
    """
    result = PdfInspection()
    try:
        with pikepdf.open(path, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                return _problem(result, _encrypted(lock="permissions"))
            result.pages = len(pdf.pages)
            result.problems += _structure(pdf)
            result.problems += _active_content(pdf)
            result.problems += _syntax(pdf, path)
            result.problems += _outline(pdf)
    except pikepdf.PasswordError:
        return _problem(result, _encrypted(lock="open"))
    except pikepdf.PdfError as exc:
        return _problem(result, _unreadable(_plain(str(exc), path)))
    except Exception as exc:  # noqa: BLE001 - see the docstring
        return _problem(
            result, _unreadable(_plain(f"{type(exc).__name__}: {exc}", path))
        )
    result.problems += _revisions(path)
    return result


def _problem(result: PdfInspection, problem: PdfProblem) -> PdfInspection:
    result.problems.append(problem)
    return result


def _unreadable(reason: str) -> PdfProblem:
    return PdfProblem(
        "pdf_unreadable",
        Severity.ERROR,
        f"PDF 无法正常打开（需修复才能读取）：{reason}",
        USABILITY,
    )


def _encrypted(*, lock: str) -> PdfProblem:
    what = "设有打开口令" if lock == "open" else "设有权限口令（限制打印、复制等）"
    return PdfProblem(
        "pdf_encrypted",
        Severity.ERROR,
        f"PDF 已加密（{what}）：加密文件无法长期保存和利用，请提交未加密版本。",
        USABILITY,
        {"lock": lock},
    )


def _plain(message: str, path: Path) -> str:
    """qpdf's message without the storage path it read from (the finding
    names the file in the package)."""
    message = message.removeprefix("WARNING: ").replace(str(path), "").strip()
    return message.lstrip(",: ") or "未知错误"


# --- page tree and pages -------------------------------------------------------


def _structure(pdf: pikepdf.Pdf) -> Iterator[PdfProblem]:
    pages = len(pdf.pages)
    if not pages:
        yield PdfProblem(
            "pdf_no_pages",
            Severity.ERROR,
            "PDF 没有任何页面（页面树为空），无法显示、装订或提取文字。",
            USABILITY,
        )
        return
    declared = pdf.Root.Pages.get(pikepdf.Name.Count)
    if not isinstance(declared, int) or int(declared) != pages:
        yield PdfProblem(
            "pdf_page_tree_invalid",
            Severity.ERROR,
            f"PDF 页面树声明的页数（{declared}）与实际页数（{pages}）不符。",
            USABILITY,
            {"declared": str(declared), "pages": pages},
        )
    for number, page in enumerate(pdf.pages, 1):
        reason = _page_fault(page)
        if reason:
            yield PdfProblem(
                "pdf_page_invalid",
                Severity.ERROR,
                f"PDF 第 {number} 页{reason}",
                USABILITY,
                {"page": number},
            )
            return


def _page_fault(page: pikepdf.Page) -> str:
    for key in (pikepdf.Name.MediaBox, pikepdf.Name.CropBox):
        box = _inherited(page.obj, key)
        if box is None and key == pikepdf.Name.CropBox:
            continue
        if not _is_box(box):
            return f"的页面尺寸 {key} 无效：{box}。"
    rotate = _inherited(page.obj, pikepdf.Name.Rotate)
    if rotate is not None and (not isinstance(rotate, int) or int(rotate) % 90):
        return f"的旋转角度 /Rotate 无效（须为 90 的倍数）：{rotate}。"
    return ""


def _inherited(node: pikepdf.Object, key: pikepdf.Name, depth: int = 64):
    """A page attribute, looked up through /Parent as the spec inherits it."""
    while node is not None and depth:
        if key in node:
            return node[key]
        node, depth = node.get(pikepdf.Name.Parent), depth - 1
    return None


def _is_box(box) -> bool:
    if not isinstance(box, pikepdf.Array) or len(box) != 4:
        return False
    if not all(isinstance(v, int | Decimal | float) for v in box):
        return False
    llx, lly, urx, ury = (float(v) for v in box)
    return abs(urx - llx) > 0 and abs(ury - lly) > 0


# --- streams and syntax --------------------------------------------------------


def _syntax(pdf: pikepdf.Pdf, path: Path) -> Iterator[PdfProblem]:
    """qpdf's full check: every object parsed, every stream decoded."""
    with warnings.catch_warnings():
        # JBIG2 needs jbig2dec, which the archive does not need: such image
        # streams are copied as they are and never decoded here.
        warnings.simplefilter("ignore", UserWarning)
        try:
            found = [_plain(w, path) for w in pdf.check_pdf_syntax()]
        except pikepdf.PdfError as exc:
            found = [_plain(str(exc), path)]
    if found:
        shown = "；".join(found[:MAX_PROBLEMS_SHOWN])
        yield PdfProblem(
            "pdf_damaged",
            Severity.ERROR,
            f"PDF 内部数据损坏（共 {len(found)} 处）：{shown}",
            USABILITY,
            {"problems": found[:20]},
        )


# --- active content --------------------------------------------------------------


def _active_content(pdf: pikepdf.Pdf) -> Iterator[PdfProblem]:
    found: dict[str, str] = {}
    for obj in pdf.objects:
        for dictionary in _dictionaries(obj):
            for key, severity in ACTIVE_PDF_KEYS.items():
                if key in dictionary:
                    found.setdefault(key, severity)
    open_action = pdf.Root.get("/OpenAction")
    if isinstance(open_action, pikepdf.Dictionary) and open_action.get("/S") in (
        pikepdf.Name.JavaScript,
        pikepdf.Name.Launch,
    ):
        found["/OpenAction"] = Severity.ERROR
    for key, severity in sorted(found.items()):
        yield PdfProblem(
            "pdf_active_content",
            severity,
            f"PDF 含主动内容 {key}，可能执行脚本或外部程序。",
            SECURITY,
            {"key": key},
        )


def _dictionaries(obj: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """An object's dictionaries, including those nested in it directly.

    Active content is often direct (`/Names << /EmbeddedFiles … >>` inside the
    catalog, an annotation's `/A << /S /JavaScript /JS … >>`). Indirect children
    are not followed: `pdf.objects` visits each of them on its own.
    """
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            yield item
            children = list(item.values())
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        stack += [
            c
            for c in children
            if isinstance(c, pikepdf.Dictionary | pikepdf.Array) and not c.is_indirect
        ]


# --- outlines and revisions --------------------------------------------------------


def _outline(pdf: pikepdf.Pdf) -> Iterator[PdfProblem]:
    """Walk /First and /Next by object number; a number seen twice is a loop."""
    outlines = pdf.Root.get(pikepdf.Name.Outlines)
    if not isinstance(outlines, pikepdf.Dictionary):
        return
    seen: set[tuple[int, int]] = set()
    pending = [outlines.get(pikepdf.Name.First)]
    while pending and len(seen) < MAX_OUTLINE_ITEMS:
        item = pending.pop()
        if not isinstance(item, pikepdf.Dictionary):
            continue
        if item.is_indirect and item.objgen in seen:
            yield PdfProblem(
                "pdf_outline_cyclic",
                Severity.WARNING,
                "PDF 书签（大纲）链接成环，部分阅读器打开时可能无响应；"
                "案卷合并文件使用系统生成的书签。",
                USABILITY,
            )
            return
        if item.is_indirect:
            seen.add(item.objgen)
        pending += [item.get(pikepdf.Name.Next), item.get(pikepdf.Name.First)]


def _revisions(path: Path) -> Iterator[PdfProblem]:
    """More than one end-of-file marker: updates were appended to the file."""
    if not path.stat().st_size:
        return
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        markers, at = 0, m.find(b"%%EOF")
        while at != -1:
            markers, at = markers + 1, m.find(b"%%EOF", at + 5)
        linearized = m.find(b"/Linearized", 0, 1024) != -1
    updates = markers - 1 - (1 if linearized else 0)
    if updates > 0:
        yield PdfProblem(
            "pdf_incremental_update",
            Severity.INFO,
            f"PDF 在首次保存后有 {updates} 次增量更新（如电子签章或修改），"
            "以最后一版为准。",
            AUTHENTICITY,
            {"updates": updates},
        )
