"""Errors of the dossier documents, each naming the material at fault.

Reading originals from storage and binding them with pikepdf or Pillow can
fail in many ways — an original gone missing or unreadable, bytes that no
longer match the recorded digest, hostile files that trip a parser. This
module turns each into one `MaterialUnusable` whose message names the
material (序号, 题名, path) and says what is wrong, so that assembly and
export report it instead of a traceback. It only reads.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import pikepdf

from dossiers.models import Material


class DossierDocumentError(ValueError):
    """A dossier document cannot be produced; the message says why."""


class MaterialUnusable(DossierDocumentError):
    """One material cannot be bound into the dossier."""

    def __init__(self, material: Material, reason: str) -> None:
        self.material, self.reason = material, reason
        super().__init__(f"{material_label(material)}无法装订：{reason}")


def material_label(material: Material) -> str:
    """材料「题名」（序号 n，包内路径）: how messages name a material."""
    return f"材料「{material.title}」（序号 {material.sequence}，{material.path}）"


@contextmanager
def blame(material: Material) -> Iterator[None]:
    """Turn whatever reading or copying one material raises into a
    `MaterialUnusable` naming it (hostile files fail in unforeseen ways)."""
    try:
        yield
    except MaterialUnusable:
        raise
    except Exception as exc:
        raise MaterialUnusable(material, reason_of(exc)) from exc


def reason_of(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "存储中找不到原件。"
    if isinstance(exc, OSError) and not isinstance(exc, pikepdf.PdfError):
        return f"原件无法读取：{exc.strerror or exc}。"
    if isinstance(exc, pikepdf.PdfError):
        return f"PDF 无法读取：{_without_paths(str(exc))}"
    return f"{type(exc).__name__}: {exc}"


def _without_paths(message: str) -> str:
    """qpdf's message without the storage path of the original it read."""
    return re.sub(r"(<_io\.\w+ name=)?'?/\S*/[0-9a-f]{64}'?>?", "原件", message)


def verified(material: Material, stream: BinaryIO) -> BinaryIO:
    """The stream, rewound, once its bytes match the material's digest.

    Binding a damaged or substituted original would put it into the dossier
    without anyone noticing; the fixity audit can repair it from a copy.
    """
    if material.digest_algorithm == "sha256":
        if hashlib.file_digest(stream, "sha256").hexdigest() != material.digest:
            raise MaterialUnusable(
                material,
                "存储的原件与登记的摘要值不符（已损坏或被替换），"
                "请先运行 fixity_audit 以副本修复。",
            )
        stream.seek(0)
    return stream
