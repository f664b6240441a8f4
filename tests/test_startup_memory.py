"""A web process starts without the heavy libraries only a few functions need.

Issue #15 asks for an API upload of 1 GiB with the server's peak RSS ≤ 200 MB;
most of that peak is the process itself after `django.setup()`. OpenCV (which
Willow probes at import), PyAV, jsonschema and pypdf are loaded only by the
functions that use them (ingest checks, OCR, text extraction), never by a
process that just serves pages and the API. A fresh interpreter is needed:
the test process itself has long imported them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAZY = ("cv2", "av", "jsonschema", "pypdf", "pypdfium2", "openpyxl", "numpy")

STARTUP = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
status = open("/proc/self/status").read().splitlines()
peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
loaded = sorted(sys.modules)
import cv2  # what OCR does later in the same process
answer = {"loaded": loaded, "peak_kb": int(peak), "cv2": hasattr(cv2, "imdecode")}
print(json.dumps(answer))
"""


def _started() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_web_process_starts_without_opencv_pyav_jsonschema_or_pypdf():
    """...and OCR, run later in that process, still imports OpenCV."""
    started = _started()
    peak = started["peak_kb"] / 1024
    print(f"peak RSS after setup and URL loading: {peak:.0f} MiB")  # noqa: T201
    assert [name for name in LAZY if name in started["loaded"]] == []
    assert started["cv2"], "OCR could not import OpenCV after start-up"
