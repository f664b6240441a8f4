"""The text of a PDF as a reader copying from it gets it: poppler's pdftotext.

One home for the tests that check what a generated PDF says (registers,
letters, reports, redacted releases). `squeeze` drops all whitespace, for
CJK text that pdftotext breaks across lines and cells.
"""

import subprocess
from pathlib import Path


def pdf_text(source: bytes | str | Path, *, layout=False, squeeze=False) -> str:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    done = subprocess.run(args, input=data, capture_output=True, check=True)
    text = done.stdout.decode("utf-8")
    return "".join(text.split()) if squeeze else text
