"""The documents of a dossier by kind: what the archive serves, exports and packs.

Each kind renders bytes from a dossier and a way to open the originals (only
the merged PDF reads them). Callers decide where the bytes go and log the read.
"""

from collections.abc import Callable
from dataclasses import dataclass

from dossiers.documents.backsheet import backsheet_pdf
from dossiers.documents.catalog import catalog_csv, catalog_pdf, catalog_xlsx
from dossiers.documents.cover import cover_pdf
from dossiers.documents.findings_report import findings_csv
from dossiers.documents.merged import OpenMaterial, dossier_pdf
from dossiers.models import Dossier

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    label: str
    suffix: str
    content_type: str
    render: Callable[[Dossier, OpenMaterial], bytes]


def _findings(dossier: Dossier, _open: OpenMaterial) -> bytes:
    from dossiers.services import dossier_findings

    return findings_csv(dossier, dossier_findings(dossier))


KINDS: dict[str, DocumentKind] = {
    k.slug: k
    for k in [
        DocumentKind(
            "dossier",
            "案卷合并文件",
            "pdf",
            PDF,
            lambda d, open_material: dossier_pdf(d, open_material=open_material),
        ),
        DocumentKind("catalog", "材料目录", "pdf", PDF, lambda d, _: catalog_pdf(d)),
        DocumentKind(
            "catalog-xlsx", "材料目录", "xlsx", XLSX, lambda d, _: catalog_xlsx(d)
        ),
        DocumentKind(
            "catalog-csv", "材料目录", "csv", CSV, lambda d, _: catalog_csv(d)
        ),
        DocumentKind("cover", "案卷封面", "pdf", PDF, lambda d, _: cover_pdf(d)),
        DocumentKind("backsheet", "备考表", "pdf", PDF, lambda d, _: backsheet_pdf(d)),
        DocumentKind("findings", "规范性检查报告", "csv", CSV, _findings),
    ]
}


def document_filename(dossier: Dossier, kind: DocumentKind) -> str:
    """e.g. "J031-2025-D30-0001-第1版-材料目录.xlsx" (no path separators)."""
    code = dossier.archival_code.replace("/", "-").replace("\\", "-")
    return f"{code}-第{dossier.version}版-{kind.label}.{kind.suffix}"


def document_render(
    dossier: Dossier, slug: str, *, open_material: OpenMaterial
) -> tuple[DocumentKind, bytes]:
    """Render one document of a dossier.

    Raises:
        KeyError: for an unknown document kind.
    """
    kind = KINDS[slug]
    return kind, kind.render(dossier, open_material)
