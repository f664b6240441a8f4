"""The 卷内备考表 (dossier backsheet) bound after the last material.

Its 本卷情况说明 states the counts the archive can vouch for itself — 件数,
页数 per volume, audio-visual records — followed by the compiler's remarks;
below come 立卷人, 检查人 and 立卷时间. Whether those people are named is for
the dossier rules to check; the sheet prints what it is given.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table

from dossiers.documents._common import (
    CONTENT_WIDTH,
    GRID,
    Totals,
    centered,
    date_cn,
    dossier_entries,
    dossier_totals,
    para,
    render,
    table,
)
from dossiers.models import Dossier

TITLE = "卷内备考表"
TEXT_SIZE = 12
NOTE_HEIGHT = 175 * mm
SIGNATURE_HEIGHT = 45 * mm


def backsheet_pdf(dossier: Dossier) -> bytes:
    """The backsheet of `dossier` as a one-page A4 PDF (CJK font embedded).

    Args:
        dossier: a saved dossier with its entries.

    Returns:
        The PDF bytes; long remarks shrink to fit the box.
    """
    box = table(
        [[_note(dossier)], [_signatures(dossier)]],
        colWidths=[CONTENT_WIDTH],
        rowHeights=[NOTE_HEIGHT, SIGNATURE_HEIGHT],
        style=[
            ("BOX", (0, 0), (-1, -1), 1.2, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 1), (0, 1), "RIGHT"),
            ("RIGHTPADDING", (0, 1), (0, 1), 10 * mm),
        ],
    )
    flowables = [
        centered(TITLE, 20),
        Spacer(1, 6 * mm),
        para(f"档号：{dossier.archival_code}", TEXT_SIZE),
        Spacer(1, 3 * mm),
        box,
    ]
    return render(flowables, title=f"{TITLE} {dossier.archival_code}")


def situation_text(dossier: Dossier) -> list[str]:
    """本卷情况说明 as paragraphs: the counts, then the compiler's own remarks."""
    totals = dossier_totals(dossier_entries(dossier))
    counts = f"本卷共有材料 {totals.items} 件，{totals.pages_text()}。"
    remarks = [line.strip() for line in dossier.remarks.splitlines()]
    override = (
        [f"本卷经审查存在未整改问题，封存理由：{dossier.override_reason}"]
        if dossier.override_reason
        else []
    )
    return [counts, _av_text(totals), *override, *(line for line in remarks if line)]


def _av_text(totals: Totals) -> str:
    if not totals.av_items:
        return "本卷无音像资料。"
    return (
        f"其中音像资料 {totals.av_items} 件（照片 {totals.photos} 件，"
        f"录音录像 {totals.recordings} 件），制作方法、制作时间、制作人、"
        "证明对象及存储位置见各件音像资料说明。"
    )


def _note(dossier: Dossier) -> Flowable:
    content = [
        para("本卷情况说明：", TEXT_SIZE),
        Spacer(1, 3 * mm),
        *(para(line, TEXT_SIZE, indent=True) for line in situation_text(dossier)),
    ]
    inner = CONTENT_WIDTH - 12 * mm
    return KeepInFrame(inner, NOTE_HEIGHT - 12 * mm, content, mode="shrink")


def _signatures(dossier: Dossier) -> Table:
    rows = [
        ("立卷人：", dossier.compiler),
        ("检查人：", dossier.checker),
        ("立卷时间：", date_cn(dossier.compiled_on)),
    ]
    data = [[para(label, TEXT_SIZE), para(value, TEXT_SIZE)] for label, value in rows]
    return table(data, colWidths=[28 * mm, 50 * mm])
