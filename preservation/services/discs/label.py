"""What a person reads about a disc: the printed label sheet and the TXT manifest.

DA/T 38-2021 advises against adhesive labels on archival discs, so the label is
an A4 sheet to cut out and keep with the disc: a disc-shaped label to lay in
the sleeve, and a case insert with every field and the list of dossiers. The
same fields go into `disc-manifest.txt` on the disc. The label burned on the
disc cannot know the digest of the image it is part of; the sheet printed
after writing can, and shows it.
"""

import io
from collections.abc import Iterable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dossiers.fonts import register_cjk_font
from preservation.models import Disc, DiscContent

DISC_RADIUS = 58 * mm
NO_DIGEST = "刻录后生成，见光盘登记簿"
MAX_LISTED = 15


def _size(n: int) -> str:
    return f"{n:,} 字节（{n / 1_000_000:,.1f} MB）"


def disc_fields(disc: Disc) -> list[tuple[str, str]]:
    """The label fields of a disc, in the order they are printed."""
    return [
        ("光盘编号", disc.disc_number),
        ("套别", disc.get_disc_set_display()),
        ("介质", disc.get_media_display()),
        ("全宗号", disc.fonds),
        ("档号", disc.archival_code_range),
        ("保管期限", disc.get_retention_display()),
        ("刻录日期", disc.burned_on.isoformat()),
        ("刻录人", disc.burned_by_name),
        ("文件数", str(disc.file_count)),
        ("字节数", _size(disc.byte_count)),
        ("镜像 SHA-256", disc.iso_sha256 or NO_DIGEST),
    ]


def _content_line(content: DiscContent) -> str:
    dossier = content.package.dossier
    line = f"{dossier.archival_code}  第{dossier.version}版  {dossier.title}"
    if content.part_count > 1:
        line += f"（分卷 {content.part_number}/{content.part_count}）"
    return line


def disc_manifest_text(manifest: dict[str, Any], disc: Disc) -> str:
    """The human-readable manifest: the label fields, contents, every file."""
    lines = ["档案光盘清单", ""]
    lines += [f"{label}：{value}" for label, value in disc_fields(disc)]
    lines += ["", "内容："]
    for content in manifest["contents"]:
        part = content["part_number"], content["part_count"]
        lines.append(
            f"  {content['directory']}/  {content['archival_code']}  "
            f"分卷 {part[0]}/{part[1]}  {content['file_count']} 个文件"
        )
    lines += ["", "文件（SHA-256  字节数  路径）："]
    lines += [f"{f['sha256']}  {f['size']}  {f['path']}" for f in manifest["files"]]
    return "\n".join(lines) + "\n"


def _fit(text: str, font: str, size: float, width: float) -> str:
    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def _disc_label(canvas: Canvas, font: str, disc: Disc, cx: float, cy: float) -> None:
    canvas.setDash(3, 3)
    canvas.circle(cx, cy, DISC_RADIUS)
    canvas.circle(cx, cy, 7.5 * mm)
    canvas.setDash()
    canvas.setFont(font, 15)
    canvas.drawCentredString(cx, cy + 38 * mm, disc.disc_number)
    upper = [
        f"{disc.get_disc_set_display()} · {disc.get_media_display()}",
        f"全宗号 {disc.fonds} · 保管期限 {disc.get_retention_display()}",
        f"档号 {disc.archival_code_range}",
    ]
    lower = [
        f"刻录 {disc.burned_on.isoformat()} · {disc.burned_by_name}",
        f"{disc.file_count} 个文件 · {disc.byte_count / 1_000_000:,.1f} MB",
    ]
    canvas.setFont(font, 9)
    for i, text in enumerate(upper):
        canvas.drawCentredString(cx, cy + (31 - 6 * i) * mm, text)
    for i, text in enumerate(lower):
        canvas.drawCentredString(cx, cy - (24 + 6 * i) * mm, text)
    digest = disc.iso_sha256 or ""
    canvas.setFont("Courier", 6)
    for i, chunk in enumerate((digest[:32], digest[32:])):
        canvas.drawCentredString(cx, cy - (38 + 4 * i) * mm, chunk)


def _insert(
    canvas: Canvas, font: str, disc: Disc, lines: list[str], top: float
) -> None:
    left, width = 25 * mm, 160 * mm
    height = top - 12 * mm
    canvas.setDash(3, 3)
    canvas.rect(left, top - height, width, height)
    canvas.setDash()
    y = top - 8 * mm
    canvas.setFont(font, 12)
    canvas.drawString(left + 5 * mm, y, "档案光盘 · 光盘盒插页")
    y -= 8 * mm
    for label, value in disc_fields(disc):
        canvas.setFont(font, 9)
        canvas.drawString(left + 5 * mm, y, label)
        canvas.setFont("Courier" if value == disc.iso_sha256 else font, 9)
        canvas.drawString(left + 32 * mm, y, value)
        y -= 5.2 * mm
    y -= 2 * mm
    canvas.setFont(font, 8)
    for line in lines:
        canvas.drawString(left + 5 * mm, y, _fit(line, font, 8, width - 10 * mm))
        y -= 4.2 * mm


def disc_label_pdf(disc: Disc, contents: Iterable[DiscContent]) -> bytes:
    """An A4 label sheet for one disc, to cut out; never to stick on the disc.

    Args:
        disc: the disc (it need not be saved yet); a blank `iso_sha256` is
            printed as "generated after writing".
        contents: the packages or parts on the disc.
    """
    font = register_cjk_font()
    contents = list(contents)
    lines = [_content_line(c) for c in contents[:MAX_LISTED]]
    if len(contents) > MAX_LISTED:
        lines.append(f"…… 共 {len(contents)} 项，完整清单见盘内 disc-manifest.txt")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"档案光盘标签 {disc.disc_number}")
    width, height = A4
    canvas.setFont(font, 8)
    canvas.drawCentredString(
        width / 2,
        height - 10 * mm,
        "沿虚线剪下，随光盘放入光盘袋或光盘盒；请勿在盘面粘贴标签（DA/T 38-2021）。",
    )
    _disc_label(canvas, font, disc, width / 2, height - 14 * mm - DISC_RADIUS)
    _insert(canvas, font, disc, lines, height - 20 * mm - 2 * DISC_RADIUS)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
