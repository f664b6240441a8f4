"""The documents a dossier produces, as bytes: catalogue, cover, backsheet,
音像资料说明 sheets and the merged dossier PDF.

Plain functions that read a dossier (or a material) and return bytes; they
never write to the database. Where the bytes go — a download, the storage, a
disc image — is for the caller to decide.
"""

from dossiers.documents.av_sheet import av_sheet_pdf, material_sheet_pdf
from dossiers.documents.backsheet import backsheet_pdf
from dossiers.documents.catalog import (
    CatalogRow,
    catalog_csv,
    catalog_pdf,
    catalog_rows,
    catalog_xlsx,
)
from dossiers.documents.cover import cover_pdf
from dossiers.documents.merged import OpenMaterial, dossier_pdf

__all__ = [
    "CatalogRow",
    "OpenMaterial",
    "av_sheet_pdf",
    "backsheet_pdf",
    "catalog_csv",
    "catalog_pdf",
    "catalog_rows",
    "catalog_xlsx",
    "cover_pdf",
    "dossier_pdf",
    "material_sheet_pdf",
]
