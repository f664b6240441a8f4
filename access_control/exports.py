"""Dossier documents for people and commands: rendered from stored originals.

Producing any of them reads the dossier's content, so the callers (the gate
view and `dossier_export`) log the read first; this module only renders.
"""

from dossiers.documents.kinds import KINDS, DocumentKind, document_filename
from dossiers.documents.kinds import document_render as _render
from dossiers.models import Dossier, Material
from preservation.services.storage import object_open

__all__ = ["KINDS", "DocumentKind", "document_filename", "document_render"]


def open_original(material: Material):
    return object_open(material.digest)


def document_render(dossier: Dossier, slug: str) -> tuple[DocumentKind, bytes]:
    return _render(dossier, slug, open_material=open_original)
