"""The documents of a dossier, as files a person downloads or a command writes.

Producing any of them reads the dossier's content, so the callers (the gate
view and `dossier_export`) log the read first; this module only renders.
"""

from collections.abc import Callable
from dataclasses import dataclass

from dossiers import documents
from dossiers.documents.findings_report import findings_csv
from dossiers.models import Dossier, Material
from dossiers.services import dossier_findings
from preservation.services.storage import object_open


def _open_material(material: Material):
    return object_open(material.digest)


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    label: str
    suffix: str
    content_type: str
    render: Callable[[Dossier], bytes]


PDF, XLSX = (
    "application/pdf",
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
KINDS = {
    k.slug: k
    for k in [
        DocumentKind(
            "dossier",
            "案卷合并文件",
            "pdf",
            PDF,
            lambda d: documents.dossier_pdf(d, open_material=_open_material),
        ),
        DocumentKind("catalog", "材料目录", "pdf", PDF, documents.catalog_pdf),
        DocumentKind("catalog-xlsx", "材料目录", "xlsx", XLSX, documents.catalog_xlsx),
        DocumentKind(
            "catalog-csv",
            "材料目录",
            "csv",
            "text/csv; charset=utf-8",
            documents.catalog_csv,
        ),
        DocumentKind("cover", "案卷封面", "pdf", PDF, documents.cover_pdf),
        DocumentKind("backsheet", "备考表", "pdf", PDF, documents.backsheet_pdf),
        DocumentKind(
            "findings",
            "规范性检查报告",
            "csv",
            "text/csv; charset=utf-8",
            lambda d: findings_csv(d, dossier_findings(d)),
        ),
    ]
}


def document_filename(dossier: Dossier, kind: DocumentKind) -> str:
    """e.g. "J031-2025-D30-0001-第1版-材料目录.xlsx" (no path separators)."""
    code = dossier.archival_code.replace("/", "-").replace("\\", "-")
    return f"{code}-第{dossier.version}版-{kind.label}.{kind.suffix}"


def document_render(dossier: Dossier, slug: str) -> tuple[DocumentKind, bytes]:
    """Render one document of a dossier.

    Raises:
        KeyError: for an unknown document kind.
    """
    kind = KINDS[slug]
    return kind, kind.render(dossier)
