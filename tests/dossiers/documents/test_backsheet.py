"""The 卷内备考表: counts the archive states itself, remarks and the people."""

import io

import pytest
from pypdf import PdfReader

from dossiers.documents import backsheet_pdf
from dossiers.models import Volume
from tests.dossiers.documents.builders import (
    agency_case,
    compact,
    dossier_create,
    entries_add,
    pdf_add,
)

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return compact(reader.pages[0].extract_text())


def test_backsheet_states_counts_remarks_and_people(dossier):
    text = _text(backsheet_pdf(dossier))
    for expected in (
        "卷内备考表",
        dossier.archival_code,
        "本卷情况说明",
        "本卷共有材料7件，共11页（正卷8页，副卷3页）",
        "其中音像资料2件（照片1件，录音录像1件）",
        "卷内无缺损、修改情况。",
        "立卷人：吴婷",
        "检查人：李明",
        "立卷时间：2025年3月20日",
    ):
        assert compact(expected) in text, expected


def test_backsheet_without_av_or_people_leaves_blanks(store):
    case = agency_case()
    dossier = dossier_create(
        case, compiler="", checker="", compiled_on=None, remarks=""
    )
    entries_add(dossier, [(pdf_add(case, store, 3, "立案审批表"), Volume.MAIN)])
    text = _text(backsheet_pdf(dossier))
    assert "本卷共有材料1件，共3页。本卷无音像资料。" in text
    assert "立卷人：检查人：立卷时间：" in text
