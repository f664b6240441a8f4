"""Build time of the merged dossier PDF (`dossiers.documents.dossier_pdf`).

Run from the project root:

    .venv/bin/python bench/dossier_pdf.py [--materials 50] [--pages 10]
        [--photos 10] [--videos 5] [--scanned] [--runs 3] [--keep]

It configures Django for a throwaway SQLite database and storage folder in a
temporary directory (settings.dev, migrated before any timing), writes the
material files there by digest, builds one dossier — by default 50 PDFs of 10
pages (text pages set in the CJK font; with --scanned, each page a 150 dpi
JPEG scan), 10 photos and 5 videos, the last tenth in the 副卷 — and times
`dossier_pdf` over several runs, reading every original from disk each time.
Only the build is timed, not the set-up; seconds are wall-clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ingest_machine import memory_total
from ingest_runs import django_setup

if TYPE_CHECKING:
    from dossiers.models import Case, Dossier, Material

ROOT = Path(__file__).resolve().parent.parent
A4_150DPI = (1240, 1754)
SCAN_LINE = "经查，当事人未建立隐患排查治理制度。"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--materials", type=int, default=50, help="PDF materials")
    parser.add_argument("--pages", type=int, default=10, help="pages per PDF")
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--videos", type=int, default=5)
    parser.add_argument("--scanned", action="store_true", help="image-only pages")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="save the PDF as var/bench-dossier.pdf"
    )
    return parser.parse_args()


# --- the machine ---------------------------------------------------------------


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name":
            return value.strip()
    return platform.processor() or "unknown"


def print_machine() -> None:
    import pikepdf
    import reportlab

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print("Machine")
    print(f"  nproc          {os.cpu_count()} (usable by this process: {usable})")
    print(f"  CPU            {cpu_model()}")
    print(f"  memory         {memory_total()}")
    print(f"  load average   {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  kernel         {platform.system()} {platform.release()}")
    print(f"  Python         {sys.version.split()[0]}")
    print(f"  pikepdf/qpdf   {pikepdf.__version__} / {pikepdf.__libqpdf_version__}")
    print(f"  ReportLab      {reportlab.Version}")


# --- material files --------------------------------------------------------------


class DiskStore:
    """Material files under `root` by digest, opened read-only like the archive's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        (self.root / digest).write_bytes(data)
        return digest

    def open(self, material: Material) -> BinaryIO:
        return (self.root / material.digest).open("rb")


def text_pdf(pages: int, label: str) -> bytes:
    """A PDF whose pages carry ~30 lines of Chinese text in the CJK font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from dossiers.fonts import register_cjk_font

    font = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font)
    line = "经查，当事人生产经营单位未建立事故隐患排查治理制度，违反了相关规定。"
    for page in range(1, pages + 1):
        canvas.setFont(font, 16)
        canvas.drawString(72, 780, f"{label} 第{page}页")
        canvas.setFont(font, 11)
        for row in range(30):
            canvas.drawString(72, 740 - row * 22, f"{row + 1:02d} {line}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scan_images(count: int = 8) -> list[bytes]:
    """Grey 150 dpi A4 'scans' of text pages, as JPEG (a pool reused by pages)."""
    from PIL import Image, ImageDraw, ImageFont

    from dossiers.fonts import cjk_font_path

    font = ImageFont.truetype(str(cjk_font_path()), 28)
    scans = []
    for number in range(count):
        image = Image.new("L", A4_150DPI, 246)
        draw = ImageDraw.Draw(image)
        for row in range(40):
            text = f"第{number + 1}份扫描件 {row + 1:02d} {SCAN_LINE}"
            draw.text((120, 150 + row * 38), text, fill=30, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=75)
        scans.append(buffer.getvalue())
    return scans


def scanned_pdf(pages: int, scans: list[bytes], offset: int) -> bytes:
    """A PDF of full-page JPEG scans, as a scanner driver would write it."""
    import pikepdf

    pdf = pikepdf.new()
    for page in range(pages):
        data = scans[(offset + page) % len(scans)]
        image = pikepdf.Stream(pdf, data)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height = A4_150DPI
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        image.Filter = pikepdf.Name.DCTDecode
        pdf.add_blank_page(page_size=(595.28, 841.89))
        pdf.pages[-1].Resources = pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Im0=image)
        )
        pdf.pages[-1].Contents = pdf.make_stream(
            b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"
        )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def photo_jpeg(number: int) -> bytes:
    from PIL import Image

    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    image.paste((40 + number * 10, 120, 180), (100, 100, 700, 500))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


# --- the dossier -----------------------------------------------------------------


def build_dossier(args: argparse.Namespace, store: DiskStore) -> Dossier:
    from dossiers.codes import Category, Initiation, Procedure
    from dossiers.models import Agency, Case, Dossier

    agency = Agency.objects.create(
        name="衡阳市珠晖区应急管理局", code="11430405MB1234567X", fonds="J031"
    )
    case = Case.objects.create(
        agency=agency,
        case_number="珠应急罚〔2025〕99号",
        title="某建材有限公司未建立事故隐患排查治理制度案",
        category=Category.ADMINISTRATIVE_PENALTY,
        procedure=Procedure.ORDINARY,
        initiation=Initiation.EX_OFFICIO,
        closed_on=dt.date(2025, 3, 6),
        package_fingerprint="0" * 64,
    )
    makers = material_makers(args, store, case)
    materials = [make() for make in makers]
    dossier = Dossier.objects.create(
        case=case,
        archival_code="J031-2025-D30-0099",
        archive_number="0099",
        title="某建材有限公司未建立事故隐患排查治理制度案",
        period_end=dt.date(2025, 3, 6),
        template="penalty",
        compiler="吴婷",
    )
    add_entries(dossier, materials)
    return dossier


# The 音像 metadata of every photo and video material.
AV = {
    "recorded_from": "2025-02-10T09:10:00+08:00",
    "recorded_to": "2025-02-10T09:50:00+08:00",
    "stored_at": "2025-02-10T12:00:00+08:00",
    "device": "ZFJLY-0015", "made_by": "吴婷", "method": "执法记录仪录像",
    "proves": "现场检查情况", "continuous": True, "interruptions": [],
}  # fmt: skip


def material_makers(
    args: argparse.Namespace, store: DiskStore, case: Case
) -> list[Callable[[], Material]]:
    """One factory per material, photos and videos spread among the PDFs."""
    from dossiers.codes import Form, Stage
    from dossiers.models import Material

    scans = scan_images() if args.scanned else []
    counter = iter(range(1, 10_000))

    def add(data: bytes, media_type: str, title: str, **fields: Any) -> Material:
        sequence = next(counter)
        return Material.objects.create(
            case=case, sequence=sequence, path=f"materials/{sequence:03d}",
            original_name=f"{sequence:03d}", stage=Stage.INVESTIGATION,
            doc_type=title, title=f"{title}（第{sequence}件）",
            date=dt.date(2025, 2, 10), media_type=media_type, size=len(data),
            digest=store.put(data), **{"form": Form.TEXT, **fields},
        )  # fmt: skip

    def pdf(number: int) -> Callable[[], Material]:
        if args.scanned:
            data = scanned_pdf(args.pages, scans, number)
        else:
            data = text_pdf(args.pages, f"询问笔录{number}")
        return lambda: add(data, "application/pdf", "询问笔录", pages=args.pages)

    photos = [
        lambda n=n: add(
            photo_jpeg(n), "image/jpeg", "现场照片", form=Form.PHOTO, av=AV, pages=1
        )
        for n in range(args.photos)
    ]
    videos = [
        lambda: add(os.urandom(4096), "video/mp4", "录像", form=Form.VIDEO, av=AV)
        for _ in range(args.videos)
    ]
    return _interleaved([pdf(n) for n in range(args.materials)], photos + videos)


def _interleaved(makers: list, extras: list) -> list:
    """`makers` with `extras` inserted at even steps among them."""
    step = max(1, len(makers) // max(1, len(extras)))
    for index, extra in enumerate(extras):
        makers.insert(min(len(makers), (index + 1) * step + index), extra)
    return makers


def add_entries(dossier: Dossier, materials: list[Material]) -> None:
    """Entries in order, the last tenth in the 副卷, 页号 numbered per volume."""
    from dossiers.codes import Form
    from dossiers.models import DossierEntry, Volume

    secondary_from = len(materials) - len(materials) // 10
    next_page = {Volume.MAIN: 1, Volume.SECONDARY: 1}
    for order, material in enumerate(materials):
        volume = Volume.SECONDARY if order >= secondary_from else Volume.MAIN
        pages = 1 if material.form == Form.VIDEO else (material.pages or 1)
        start = next_page[volume]
        DossierEntry.objects.create(
            dossier=dossier, material=material, volume=volume, sort_order=order,
            page_from=start, page_to=start + pages - 1,
        )  # fmt: skip
        next_page[volume] = start + pages


# --- timing ----------------------------------------------------------------------


def time_build(
    dossier: Dossier, store: DiskStore, runs: int
) -> tuple[list[float], bytes]:
    from dossiers.documents import dossier_pdf

    timings, data = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        data = dossier_pdf(dossier, open_material=store.open)
        timings.append(time.perf_counter() - start)
    return timings, data


def time_parts(dossier: Dossier) -> dict[str, float]:
    from dossiers.documents import backsheet_pdf, catalog_pdf, cover_pdf

    parts = {}
    for name, build in (
        ("cover_pdf", cover_pdf),
        ("catalog_pdf", catalog_pdf),
        ("backsheet_pdf", backsheet_pdf),
    ):
        start = time.perf_counter()
        build(dossier)
        parts[name] = time.perf_counter() - start
    return parts


def report(timings: list[float], data: bytes, parts: dict[str, float]) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    best, median = min(timings), statistics.median(timings)
    print(f"\nMerged PDF: {pages} pages, {len(data) / 1e6:.1f} MB")
    runs = ", ".join(f"{t:.2f}" for t in timings)
    print(f"  dossier_pdf     best {best:.2f} s, median {median:.2f} s  (runs: {runs})")
    rates = f"{pages / best:.0f} pages/s (best), {pages / median:.0f} (median)"
    print(f"  throughput      {rates}")
    for name, seconds in parts.items():
        print(f"  of which ~{name:<14} {seconds:.2f} s")


def main() -> None:
    args = parse_args()
    print_machine()
    with tempfile.TemporaryDirectory(prefix="bench-dossier-pdf-") as folder:
        work = Path(folder)
        django_setup(work, example_agency=False)
        store = DiskStore(work / "storage" / "objects")
        start = time.perf_counter()
        dossier = build_dossier(args, store)
        kind = "scanned (JPEG pages)" if args.scanned else "text (CJK font)"
        print(
            f"Built the dossier ({kind} PDFs) in {time.perf_counter() - start:.1f} s."
        )
        timings, data = time_build(dossier, store, args.runs)
        report(timings, data, time_parts(dossier))
        if args.keep:
            target = ROOT / "var" / "bench-dossier.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"Kept the merged PDF as {target}.")


if __name__ == "__main__":
    main()
