"""The 告知书 laid out as an A4 PDF in the archive's CJK TrueType font.

The layout of an official letter: the agency's name and the letter's title
centred, the 受理编号 on its own line, the addressee, the paragraphs with a
two-character indent, and the issuing agency and date at the right. Shared
pieces come from `dossiers.documents._common`, so the font is embedded as in
every other document the archive makes.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from access_control.disclosure.letters_text import LetterText, date_cn
from dossiers.documents._common import centered, para, render

BODY_SIZE = 12


def letter_pdf(letter: LetterText) -> bytes:
    """The letter as PDF bytes (identical input gives identical bytes)."""
    flowables = [
        centered(letter.agency, 16),
        Spacer(1, 3 * mm),
        centered(letter.title, 18),
        Spacer(1, 4 * mm),
        para(f"受理编号：{letter.number}", BODY_SIZE, TA_RIGHT),
        Spacer(1, 6 * mm),
        para(f"{letter.addressee}：", BODY_SIZE),
        Spacer(1, 2 * mm),
    ]
    for paragraph in letter.paragraphs:
        flowables += [para(paragraph, BODY_SIZE, indent=True), Spacer(1, 2 * mm)]
    flowables += [
        Spacer(1, 14 * mm),
        para(letter.agency, BODY_SIZE, TA_RIGHT),
        para(date_cn(letter.dated), BODY_SIZE, TA_RIGHT),
    ]
    return render(flowables, title=f"{letter.title} {letter.number}")
