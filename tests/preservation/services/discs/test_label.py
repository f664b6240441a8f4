"""`discs.label`: the printable label sheet names the disc, and before the
image exists says that its digest comes later.
"""

import datetime as dt
import io

from pypdf import PdfReader

from preservation.models import Disc
from preservation.services.discs import disc_label_pdf


def test_label_sheet_before_writing_says_the_digest_comes_later():
    disc = Disc(
        disc_number="J031-A-2026-0009",
        disc_set="A",
        media="cd",
        fonds="J031",
        archival_code_from="J031-2025-D30-0001",
        archival_code_to="J031-2025-D30-0001",
        retention="30y",
        burned_on=dt.date(2026, 1, 5),
        burned_by_name="刻录员",
        file_count=1,
        byte_count=1,
    )
    text = PdfReader(io.BytesIO(disc_label_pdf(disc, []))).pages[0].extract_text()
    assert "J031-A-2026-0009" in text
    assert "刻录后生成" in text
