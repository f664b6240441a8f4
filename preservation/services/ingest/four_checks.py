"""The four-property check (四性检测, DA/T 70-2018) of a received case.

真实性 (authenticity): the bytes are what the manifest and the metadata say.
完整性 (integrity): every declared material is there, numbered without gaps.
可用性 (usability): each file opens as what it claims to be.
安全性 (security): no active content or executables.

Checksums and the one-to-one match of files and entries are enforced earlier,
as refusals; this module inspects each stored file and returns findings. A
finding of severity "error" refuses the package. What a PDF must be for the
later steps (assembly, text extraction, the merged dossier PDF) to use it is
`preservation.services.ingest.pdf_check`'s contract.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from dossiers.rules.archiving import material_numbers
from preservation.problems import Finding, FindingKind, Severity
from preservation.profile import CASE_JSON
from preservation.services.ingest.identify import OFD_MEDIA_TYPE, Identification
from preservation.services.ingest.pdf_check import pdf_inspect

AUTHENTICITY, INTEGRITY, USABILITY, SECURITY = "真实性", "完整性", "可用性", "安全性"
ARTICLE = "DA/T 70-2018"
Image.MAX_IMAGE_PIXELS = 200_000_000  # refuse decompression bombs, allow scans


@dataclass(frozen=True)
class CheckedFile:
    rel: str
    path: Path
    entry: dict[str, Any]
    identification: Identification


@dataclass(frozen=True)
class FileFacts:
    """What the check learned about a file that the catalogue keeps."""

    pages: int | None


def _kind(code: str, severity: str, category: str) -> FindingKind:
    return FindingKind(code, severity, f"{ARTICLE} {category}", category)


EXECUTABLE_CONTENT = _kind("executable_content", Severity.ERROR, SECURITY)
EXTENSION_CONTRADICTS = _kind(
    "extension_contradicts_content", Severity.WARNING, AUTHENTICITY
)
FORM_CONTRADICTS = _kind("form_contradicts_content", Severity.WARNING, AUTHENTICITY)
IMAGE_UNDECODABLE = _kind("image_undecodable", Severity.ERROR, USABILITY)
AV_CONTAINER_INVALID = _kind("av_container_invalid", Severity.ERROR, USABILITY)
NUMBERING_GAP = _kind("numbering_gap", Severity.WARNING, INTEGRITY)
NUMBERING_DUPLICATE = _kind("numbering_duplicate", Severity.WARNING, INTEGRITY)
CASE_DATES_INVERTED = _kind("case_dates_inverted", Severity.ERROR, AUTHENTICITY)
MATERIAL_AFTER_CLOSING = _kind("material_after_closing", Severity.WARNING, AUTHENTICITY)
AV_TIMES_INVERTED = _kind("av_times_inverted", Severity.WARNING, AUTHENTICITY)
SOURCE_ORGANIZATION_MISMATCH = _kind(
    "source_organization_mismatch", Severity.WARNING, AUTHENTICITY
)


def check_file(item: CheckedFile) -> tuple[FileFacts, list[Finding]]:
    """Run the per-file checks: claims vs content, usability, security."""
    findings = list(_claims(item))
    media_type = item.identification.media_type
    pages = None
    if item.identification.is_executable:
        findings.append(
            EXECUTABLE_CONTENT.at(
                item.rel, f"文件是可执行程序（{media_type}），不得归档。"
            )
        )
    elif media_type == "application/pdf":
        pages, pdf_findings = _check_pdf(item)
        findings += pdf_findings
    elif media_type.startswith("image/"):
        pages = 1
        findings += _check_image(item)
    elif media_type.startswith(("video/", "audio/")):
        findings += _check_av_container(item)
    elif media_type == OFD_MEDIA_TYPE:
        pages = None
    return FileFacts(pages=pages), findings


def _claims(item: CheckedFile) -> Iterator[Finding]:
    ident = item.identification
    if not ident.extension_ok:
        yield EXTENSION_CONTRADICTS.at(
            item.rel,
            f"扩展名 {Path(item.rel).suffix} 与识别出的格式 {ident.media_type} 不符。",
            {"media_type": ident.media_type},
        )
    if not ident.form_ok:
        yield FORM_CONTRADICTS.at(
            item.rel,
            f"登记的载体形式“{item.entry['form']}”与识别出的格式 "
            f"{ident.media_type} 不符。",
            {"media_type": ident.media_type},
        )


def _check_pdf(item: CheckedFile) -> tuple[int | None, list[Finding]]:
    inspection = pdf_inspect(item.path)
    findings = [
        _kind(p.code, p.severity, p.category).at(item.rel, p.message, p.detail)
        for p in inspection.problems
    ]
    return inspection.pages, findings


def _check_image(item: CheckedFile) -> list[Finding]:
    try:
        with Image.open(item.path) as image:
            image.load()
    except (OSError, Image.DecompressionBombError, SyntaxError) as exc:
        return [IMAGE_UNDECODABLE.at(item.rel, f"图像无法解码：{exc}")]
    return []


def _check_av_container(item: CheckedFile) -> list[Finding]:
    import av  # PyAV (20 MB): loaded by the ingest worker, not by web processes

    try:
        with av.open(str(item.path)) as container:
            streams = [s for s in container.streams if s.type in ("video", "audio")]
            if not streams:
                raise av.error.InvalidDataError(0, "没有音视频流")
            next(container.demux(streams[0]), None)
    except (av.error.FFmpegError, StopIteration, OSError) as exc:
        return [AV_CONTAINER_INVALID.at(item.rel, f"音视频文件无法解析：{exc}")]
    return []


def check_case(document: dict[str, Any]) -> list[Finding]:
    """Whole-case checks: numbering without gaps, dates within the case period."""
    return list(_numbering(document["materials"])) + list(_dates(document))


def check_source_organization(*, declared: str, organization: str) -> list[Finding]:
    """bag-info.txt's Source-Organization must name the agency case.json names."""
    if organization.strip() == declared:
        return []
    return [
        SOURCE_ORGANIZATION_MISMATCH.at(
            "bag-info.txt",
            f"bag-info.txt 的 Source-Organization（{organization}）"
            f"与 case.json 的机关名称（{declared}）不一致。",
        )
    ]


def _numbering(materials: list[dict[str, Any]]) -> Iterator[Finding]:
    numbers = material_numbers(entry["path"] for entry in materials)
    if not numbers:
        return
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    if missing:
        listed = "、".join(f"{n:02d}" for n in missing)
        yield NUMBERING_GAP.at(
            CASE_JSON, f"材料编号不连续，缺少第 {listed} 号。", {"missing": missing}
        )
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        yield NUMBERING_DUPLICATE.at(
            CASE_JSON,
            f"材料编号重复：{'、'.join(f'{n:02d}' for n in duplicates)}。",
            {"duplicates": duplicates},
        )


def _dates(document: dict[str, Any]) -> Iterator[Finding]:
    case = document["case"]
    closed = dt.date.fromisoformat(case["closed_on"])
    opened = dt.date.fromisoformat(case["opened_on"]) if case.get("opened_on") else None
    if opened and opened > closed:
        yield CASE_DATES_INVERTED.at(CASE_JSON, "立案日期晚于结案日期。")
    for entry in document["materials"]:
        yield from _material_dates(entry, closed)


def _material_dates(entry: dict[str, Any], closed: dt.date) -> Iterator[Finding]:
    rel = f"data/{entry['path']}"
    if dt.date.fromisoformat(entry["date"]) > closed:
        yield MATERIAL_AFTER_CLOSING.at(rel, "材料形成日期晚于结案日期。")
    recording = entry.get("av") or {}
    if recording and _when(recording["recorded_from"]) > _when(
        recording["recorded_to"]
    ):
        yield AV_TIMES_INVERTED.at(rel, "音像记录的开始时间晚于结束时间。")


def _when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
