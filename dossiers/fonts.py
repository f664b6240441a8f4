"""Find and register a TrueType CJK font for ReportLab (and Pillow).

ReportLab can only embed TrueType outlines, so the CFF-based Noto/Source Han
CJK fonts do not work; WenQuanYi Zen Hei or AR PL UMing do. The font is chosen
from, in order: ``settings.ARCHIVE_CJK_FONT`` (when Django settings are
configured), the ``ARCHIVE_CJK_FONT`` environment variable, then the usual
Debian locations. This module depends only on ReportLab and, optionally,
``django.conf``; callers decide what to draw with the font.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_NAME = "ArchiveCJK"
SETTING_NAME = "ARCHIVE_CJK_FONT"
INSTALL_HINT = "apt-get install fonts-wqy-zenhei"
CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
)


class CJKFontNotFoundError(RuntimeError):
    """No usable TrueType CJK font was found or the configured one is unusable."""


def _django_setting() -> str | None:
    try:
        from django.conf import settings
    except ImportError:
        return None
    if not (settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE")):
        return None
    return getattr(settings, SETTING_NAME, None) or None


def _configured_path() -> Path | None:
    value = _django_setting() or os.environ.get(SETTING_NAME)
    return Path(value) if value else None


def cjk_font_path() -> Path:
    """Return the path of a TrueType CJK font file.

    Raises:
        CJKFontNotFoundError: the configured font is missing, or none of the
            default locations holds a font.
    """
    configured = _configured_path()
    if configured is not None:
        if not configured.is_file():
            msg = f"{SETTING_NAME} 指定的中文字体文件不存在：{configured}。"
            raise CJKFontNotFoundError(msg)
        return configured
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    msg = (
        "未找到可供 ReportLab 使用的 TrueType 中文字体。"
        f"请安装文泉驿正黑字体（{INSTALL_HINT}），"
        f"或通过 {SETTING_NAME} 设置项/环境变量指定 .ttf/.ttc 字体文件路径。"
    )
    raise CJKFontNotFoundError(msg)


def _load(path: Path) -> TTFont:
    try:
        # Face 0 of the Debian collections is the simplified-Chinese
        # proportional face; subfontIndex is ignored for plain .ttf files.
        font = TTFont(FONT_NAME, str(path), subfontIndex=0)
    except TTFError as exc:
        msg = f"字体 {path} 无法被 ReportLab 使用（需 TrueType 轮廓）：{exc}。"
        raise CJKFontNotFoundError(msg) from exc
    if ord("中") not in font.face.charToGlyph:
        msg = f"字体 {path} 不含中文字形，请改用中文字体（{INSTALL_HINT}）。"
        raise CJKFontNotFoundError(msg)
    return font


def register_cjk_font() -> str:
    """Register the CJK font with ReportLab once and return its font name.

    Raises:
        CJKFontNotFoundError: no font was found, it has PostScript (CFF)
            outlines that ReportLab cannot embed, or it has no Chinese glyphs.
    """
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    font = _load(cjk_font_path())
    pdfmetrics.registerFont(font)
    # Map bold/italic to the same face so <b>/<i> markup never fails.
    pdfmetrics.registerFontFamily(
        FONT_NAME,
        normal=FONT_NAME,
        bold=FONT_NAME,
        italic=FONT_NAME,
        boldItalic=FONT_NAME,
    )
    return FONT_NAME
