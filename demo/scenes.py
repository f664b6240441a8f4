"""Paint plausible scenes for demo photos and video frames with Pillow.

A scene is a few flat shapes that read as a factory yard, a shop shelf, a
posted notice, sealed goods or a hearing room, plus a body-worn-camera
overlay (timestamp, device id, caption). All randomness comes from the
caller's ``random.Random`` so the pictures are reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from functools import cache, partial
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from dossiers.fonts import cjk_font_path

Size = tuple[int, int]
RGB = tuple[int, int, int]
Painter = Callable[[ImageDraw.ImageDraw, Size, random.Random], None]


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size, index=0)


def _jitter(color: RGB, rng: random.Random, spread: int = 18) -> RGB:
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in color)


def _gradient(draw: ImageDraw.ImageDraw, box: tuple, top: RGB, bottom: RGB) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        t = (y - y0) / max(y1 - y0 - 1, 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line((x0, y, x1, y), fill=color)


def _outdoor(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> int:
    w, h = size
    horizon = int(h * rng.uniform(0.42, 0.55))
    _gradient(draw, (0, 0, w, horizon), _jitter((120, 165, 215), rng), (205, 220, 232))
    _gradient(draw, (0, horizon, w, h), (150, 148, 140), _jitter((100, 98, 92), rng))
    return horizon


def _indoor(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> int:
    w, h = size
    floor = int(h * rng.uniform(0.62, 0.72))
    _gradient(draw, (0, 0, w, floor), _jitter((222, 218, 205), rng), (200, 196, 184))
    _gradient(draw, (0, floor, w, h), (150, 140, 122), _jitter((110, 100, 86), rng))
    return floor


def _windows(draw: ImageDraw.ImageDraw, box: tuple, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    glass = _jitter((70, 95, 120), rng)
    for y in range(y0 + 12, y1 - 24, 26):
        for x in range(x0 + 10, x1 - 20, 24):
            draw.rectangle((x, y, x + 12, y + 14), fill=glass)


def _paint_site(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> None:
    w, h = size
    horizon = _outdoor(draw, size, rng)
    x = rng.randint(-40, 10)
    while x < w:
        bw, bh = rng.randint(w // 6, w // 3), rng.randint(h // 6, h // 3)
        box = (x, horizon - bh, x + bw, horizon)
        draw.rectangle(box, fill=_jitter((190, 188, 180), rng), outline=(90, 90, 90))
        _windows(draw, box, rng)
        x += bw + rng.randint(8, 40)
    chimney = rng.randint(w // 5, 4 * w // 5)
    draw.rectangle(
        (chimney, horizon - h // 2.4, chimney + 14, horizon), fill=(150, 80, 70)
    )
    _hazard_band(draw, (0, horizon + h // 10, w, horizon + h // 10 + 10))
    for _ in range(rng.randint(3, 6)):
        _barrel(draw, rng.randint(0, w - 40), rng.randint(horizon + 30, h - 50), rng)


def _hazard_band(draw: ImageDraw.ImageDraw, box: tuple) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(235, 195, 30))
    for x in range(x0, x1, 24):
        draw.polygon(
            [(x, y1), (x + 10, y0), (x + 20, y0), (x + 10, y1)], fill=(25, 25, 25)
        )


def _barrel(draw: ImageDraw.ImageDraw, x: int, y: int, rng: random.Random) -> None:
    color = _jitter(rng.choice([(40, 90, 170), (210, 160, 30), (60, 120, 60)]), rng)
    draw.rectangle((x, y, x + 34, y + 46), fill=color, outline=(40, 40, 40))
    draw.ellipse(
        (x, y - 6, x + 34, y + 6), fill=_jitter(color, rng, 30), outline=(40, 40, 40)
    )


def _paint_shelf(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> None:
    w, h = size
    _indoor(draw, size, rng)
    for row in range(4):
        y = int(h * (0.2 + row * 0.17))
        draw.rectangle((20, y, w - 20, y + 8), fill=(120, 120, 125))
        _products(draw, y, w, rng)


def _products(
    draw: ImageDraw.ImageDraw, shelf_y: int, w: int, rng: random.Random
) -> None:
    x = 26
    while x < w - 60:
        pw, ph = rng.randint(18, 44), rng.randint(30, 60)
        color = (rng.randint(60, 240), rng.randint(60, 240), rng.randint(60, 240))
        draw.rectangle(
            (x, shelf_y - ph, x + pw, shelf_y), fill=color, outline=(60, 60, 60)
        )
        draw.rectangle(
            (x + 3, shelf_y - ph // 2, x + pw - 3, shelf_y - ph // 2 + 8),
            fill=(250, 250, 250),
        )
        x += pw + rng.randint(2, 8)


def _paint_notice(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> None:
    w, h = size
    _indoor(draw, size, rng)
    for y in range(0, int(h * 0.65), 22):
        draw.line((0, y, w, y), fill=(185, 175, 160))
    paper = (int(w * 0.3), int(h * 0.1), int(w * 0.7), int(h * 0.6))
    draw.rectangle(_grow(paper, 10), fill=(40, 80, 60))
    draw.rectangle(paper, fill=(248, 248, 244))
    draw.text(
        ((paper[0] + paper[2]) // 2, paper[1] + 10),
        "公  告",
        fill=(20, 20, 20),
        font=_font(max(12, h // 18)),
        anchor="mt",
    )
    for y in range(paper[1] + h // 9, paper[3] - 40, 12):
        draw.line(
            (paper[0] + 12, y, paper[2] - rng.randint(12, 50), y),
            fill=(120, 120, 120),
            width=2,
        )
    cx, cy, r = paper[2] - 40, paper[3] - 34, 22
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 30, 30), width=3)


def _grow(box: tuple, by: int) -> tuple:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _paint_seal(draw: ImageDraw.ImageDraw, size: Size, rng: random.Random) -> None:
    w, h = size
    floor = _indoor(draw, size, rng)
    for _ in range(rng.randint(5, 9)):
        x, bw, bh = rng.randint(0, w - 80), rng.randint(50, 110), rng.randint(40, 90)
        y = floor + rng.randint(-10, 40) - bh
        draw.rectangle(
            (x, y, x + bw, y + bh),
            fill=_jitter((170, 130, 80), rng),
            outline=(90, 60, 30),
        )
    strip_font = _font(max(10, h // 28))
    for x in (int(w * 0.3), int(w * 0.62)):
        draw.rectangle((x, int(h * 0.25), x + 28, floor + 20), fill=(245, 245, 240))
        draw.text(
            (x + 14, int(h * 0.32)),
            "封\n条",
            fill=(200, 20, 20),
            font=strip_font,
            anchor="ma",
        )


def _paint_room(
    draw: ImageDraw.ImageDraw, size: Size, rng: random.Random, label: str
) -> None:
    w, h = size
    floor = _indoor(draw, size, rng)
    banner = (int(w * 0.12), int(h * 0.08), int(w * 0.88), int(h * 0.2))
    draw.rectangle(banner, fill=_jitter((180, 25, 30), rng, 10))
    draw.text(
        (w // 2, int(h * 0.14)),
        label,
        fill=(255, 235, 120),
        font=_font(max(12, h // 20)),
        anchor="mm",
    )
    draw.polygon(
        [
            (int(w * 0.15), floor - 20),
            (int(w * 0.85), floor - 20),
            (int(w * 0.95), floor + 40),
            (int(w * 0.05), floor + 40),
        ],
        fill=_jitter((120, 75, 40), rng),
    )
    for x in range(int(w * 0.2), int(w * 0.8), w // 6):
        draw.rectangle(
            (x, floor - 34, x + 36, floor - 20),
            fill=(250, 250, 250),
            outline=(90, 90, 90),
        )


PAINTERS: dict[str, Painter] = {
    "site": _paint_site,
    "shelf": _paint_shelf,
    "notice": _paint_notice,
    "seal": _paint_seal,
    "hearing": partial(_paint_room, label="听 证 室"),
    "interview": partial(_paint_room, label="询 问 室"),
}


def paint_scene(scene: str, size: Size, rng: random.Random) -> Image.Image:
    """Return an RGB picture of ``scene`` (unknown names paint a site)."""
    image = Image.new("RGB", size)
    PAINTERS.get(scene, _paint_site)(ImageDraw.Draw(image), size, rng)
    _add_grain(image, rng)
    return image.filter(ImageFilter.GaussianBlur(0.7))


def _add_grain(image: Image.Image, rng: random.Random) -> None:
    # Coarse sensor-like grain; painted at a quarter size to keep JPEGs small.
    small = (max(1, image.width // 4), max(1, image.height // 4))
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.resize(image.size, Image.Resampling.BILINEAR).convert("RGB")
    image.paste(Image.blend(image, grain, 0.07))


def _text_style(height: int) -> tuple[dict[str, Any], int]:
    size = max(10, height // 24)
    style = {
        "fill": (255, 255, 255),
        "font": _font(size),
        "stroke_width": max(1, size // 12),
        "stroke_fill": (0, 0, 0),
    }
    return style, size


def overlay_layer(size: Size, *, caption: str, device: str) -> Image.Image:
    """The still part of a body-camera overlay: REC mark, device id, caption band."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    style, text_size = _text_style(size[1])
    pad, label = text_size // 2, f"REC  {device}"
    draw.text((size[0] - pad, pad), label, anchor="ra", **style)
    dot_x = size[0] - pad - draw.textlength(label, font=style["font"]) - text_size
    draw.ellipse(
        (dot_x, pad + 2, dot_x + text_size * 0.7, pad + 2 + text_size * 0.7),
        fill=(230, 20, 20, 255),
    )
    band = size[1] - text_size * 2
    draw.rectangle((0, band, size[0], size[1]), fill=(0, 0, 0, 120))
    draw.text((pad, band + text_size // 2), caption, **style)
    return layer


def burn_timestamp(image: Image.Image, moment: datetime, layer: Image.Image) -> None:
    """Paste ``layer`` and burn the ticking timestamp into ``image`` in place."""
    image.paste(layer, (0, 0), layer)
    style, text_size = _text_style(image.height)
    ImageDraw.Draw(image).text(
        (text_size // 2, text_size // 2), moment.strftime("%Y-%m-%d %H:%M:%S"), **style
    )


def burn_overlay(
    image: Image.Image, *, caption: str, moment: datetime, device: str
) -> None:
    """Burn a body-worn-camera style timestamp, device id and caption in place."""
    layer = overlay_layer(image.size, caption=caption, device=device)
    burn_timestamp(image, moment, layer)
