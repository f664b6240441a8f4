"""OCR engines on scans of Chinese enforcement documents: accuracy, speed, memory.

Run from the project root:

    .venv/bin/python bench/ocr.py [--pages 10] [--engines tesseract,rapidocr]
        [--dpi 150,200,300] [--out var/bench-ocr] [--seed 0]

It generates the scan set from the demo's documents (`demo.cases`): the first
page of `--pages` different 文书, rendered with PDFium (as the archive renders
pages for OCR) at each resolution, once clean (PNG) and once degraded — turned
by up to ±1.5°, grey noise, a red 收文专用章 stamped over the body text, saved
as JPEG at quality 35. The known text of each page is its PDF text layer,
without the seal's text along the arc: no engine is asked to read the seal,
and none is penalised for reading it (extra copies of the seal's text in
what it read are dropped before comparing).

Each engine runs on each set in a fresh process, so that the peak memory
(the largest resident set of the process and its children: tesseract runs as
its own program) is that engine's alone. It prints, per engine, resolution
and degradation: the character error rate (edit distance over the known
characters, white space dropped and widths folded), pages per second (the
engine may use every core: Tesseract's OpenMP threads, ONNX Runtime's
intra-op threads), and the peak memory; with `/proc/loadavg` before and after.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STAMP = "收文专用章"


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    import django

    django.setup()


QUOTES = str.maketrans("“”‘’", "\"\"''")


def normalized(text: str) -> str:
    """Text as compared: widths folded, quotes straightened, no white space."""
    return "".join(unicodedata.normalize("NFKC", text).translate(QUOTES).split())


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


# --- The scan set ------------------------------------------------------------


def _without_extra(text: str, seal: str, keep: int) -> str:
    """`text` with the last occurrences of `seal` beyond `keep` taken out."""
    while seal and text.count(seal) > keep:
        at = text.rindex(seal)
        text = text[:at] + text[at + len(seal) :]
    return text


def _reference(page, seal: str) -> str:
    text = normalized(page.get_textpage().get_text_range())
    return _without_extra(text, normalized(seal), 1)


def source_pages(count: int, seed: int) -> list[tuple[str, bytes]]:
    """(name, PDF) of the first `count` different 文书 of the demo cases."""
    from demo.cases import demo_cases

    chosen: dict[str, bytes] = {}
    for case in demo_cases(60, seed):
        for path, data in case.files.items():
            name = Path(path).stem.split("-", 1)[-1]
            if path.endswith(".pdf") and name not in chosen:
                chosen[name] = data
            if len(chosen) == count:
                return list(chosen.items())
    return list(chosen.items())


def degrade(image, rng: random.Random):
    import numpy
    from PIL import Image, ImageDraw, ImageFont

    from dossiers.fonts import cjk_font_path

    image = image.convert("RGB")
    scale = image.width / 1240
    image = image.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor="white")
    stamp = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    cx, cy = image.width * rng.uniform(0.35, 0.65), image.height * rng.uniform(0.3, 0.5)
    radius = 150 * scale
    red = (220, 30, 30, 170)
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius),
        outline=red,
        width=int(8 * scale),
    )
    font = ImageFont.truetype(str(cjk_font_path()), int(40 * scale))
    draw.text((cx, cy), STAMP, font=font, fill=red, anchor="mm")
    image = Image.alpha_composite(image.convert("RGBA"), stamp).convert("RGB")
    pixels = numpy.asarray(image).astype(numpy.int16)
    noise = numpy.random.default_rng(rng.randrange(2**32)).normal(
        0, 14, pixels.shape[:2]
    )
    pixels = numpy.clip(pixels + noise[..., None], 0, 255).astype(numpy.uint8)
    return Image.fromarray(pixels)


def generate(out: Path, *, pages: int, dpis: list[int], seed: int) -> None:
    """Write `out/<dpi>-<variant>/<n>.png|jpg` and `<n>.txt` (the known text)."""
    import pypdfium2

    from preservation.ocr import pdf_page_images

    rng = random.Random(seed)
    for index, (name, data) in enumerate(source_pages(pages, seed)):
        pdf = pypdfium2.PdfDocument(data)
        seal = pdf.get_metadata_dict().get("Author", "")
        reference = _reference(pdf[0], seal)
        source = out / f"{index:02d}.pdf"
        source.write_bytes(data)
        for dpi in dpis:
            _, image = next(pdf_page_images(source, [1], dpi))
            for variant in ("clean", "degraded"):
                folder = out / f"{dpi}-{variant}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{index:02d}.txt").write_text(reference)
                (folder / f"{index:02d}.seal").write_text(normalized(seal))
                if variant == "clean":
                    image.save(folder / f"{index:02d}.png")
                else:
                    degrade(image, rng).save(folder / f"{index:02d}.jpg", quality=35)
        print(f"  {index:02d} {name}：{len(reference)} 字", flush=True)


# --- One engine on one set (in its own process) -------------------------------


def run_set(engine_name: str, folder: Path) -> dict:
    from PIL import Image

    from preservation.ocr import ocr_engine

    engine = ocr_engine(engine_name)
    errors = chars = 0
    images = sorted(p for p in folder.iterdir() if p.suffix in (".png", ".jpg"))
    confidences = []
    started = time.perf_counter()
    for path in images:
        with Image.open(path) as image:
            page = engine.read(image.convert("RGB"))
        reference = path.with_suffix(".txt").read_text()
        # Reading the seal's arc is neither asked nor held against an engine.
        seal = path.with_suffix(".seal").read_text()
        read = _without_extra(normalized(page.text), seal, reference.count(seal))
        errors += edit_distance(reference, read)
        chars += len(reference)
        confidences.append(page.confidence)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "engine": engine.name,
        "pages": len(images),
        "cer": errors / max(chars, 1),
        "pages_per_second": len(images) / seconds,
        "peak_mib": (own + child) / 1024,
        "mean_confidence": sum(confidences) / max(len(confidences), 1),
    }


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--engines", default="tesseract,rapidocr")
    parser.add_argument("--dpi", default="150,200,300")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench-ocr")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--run", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    django_setup()
    if args.run:
        print(json.dumps(run_set(args.run[0], Path(args.run[1]))))
        return
    dpis = [int(d) for d in args.dpi.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"生成扫描件 → {args.out}")
    generate(args.out, pages=args.pages, dpis=dpis, seed=args.seed)
    print(f"loadavg before: {loadavg()}  cores: {os.cpu_count()}")
    print("| engine | dpi | set | pages | CER | pages/s | peak MiB | mean conf |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for engine in args.engines.split(","):
        for dpi in dpis:
            for variant in ("clean", "degraded"):
                _report(engine, dpi, variant, args.out / f"{dpi}-{variant}")
    print(f"loadavg after: {loadavg()}")


def _report(engine: str, dpi: int, variant: str, folder: Path) -> None:
    done = subprocess.run(  # noqa: S603 (this script, our own arguments)
        [sys.executable, __file__, "--run", engine, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(done.stdout.strip().splitlines()[-1])
    cer = "—" if math.isnan(r["cer"]) else f"{100 * r['cer']:.2f} %"
    print(
        f"| {r['engine']} | {dpi} | {variant} | {r['pages']} | {cer} "
        f"| {r['pages_per_second']:.2f} | {r['peak_mib']:.0f} "
        f"| {r['mean_confidence']:.2f} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
