"""Builders for dossier-document tests: real PDFs, JPEGs and a small dossier.

Material bytes live in a dict keyed by digest (`Store`), which stands in for
the content-addressed storage; `Store.open` hands out read-only streams the
way the archive's storage does, and remembers them so tests can check that
every stream was closed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pikepdf
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from dossiers.codes import Category, Form, Initiation, Procedure, Stage
from dossiers.models import Agency, Case, Dossier, DossierEntry, Material, Volume

LONG_TITLE = (
    "关于吉林省长白山建材有限公司生产经营单位未建立事故隐患排查治理制度"
    "并拒不整改一案的现场检查笔录及当事人陈述申辩情况记录"
)
DECISION_NUMBER = "珠应急罚〔2025〕11号"
VIDEO_AV = {
    "recorded_from": "2025-02-10T09:10:00+08:00",
    "recorded_to": "2025-02-10T09:50:00+08:00",
    "stored_at": "2025-02-12T13:50:00+08:00",
    "device": "ZFJLY-0015",
    "made_by": "吴婷",
    "method": "执法记录仪录像",
    "proves": "当事人未建立隐患排查治理制度的现场情况",
    "continuous": False,
    "interruptions": [
        {
            "at": "2025-02-10T09:20:00+08:00",
            "resumed_at": "2025-02-10T09:25:00+08:00",
            "reason": "执法记录仪电量不足更换电池",
        }
    ],
}
PHOTO_AV = {
    "recorded_from": "2025-02-10T09:30:00+08:00",
    "recorded_to": "2025-02-10T09:31:00+08:00",
    "stored_at": "2025-02-10T12:31:00+08:00",
    "device": "ZFJLY-0027",
    "made_by": "张伟",
    "method": "数码相机拍照",
    "proves": "车间安全出口堵塞情况",
    "continuous": True,
    "interruptions": [],
}


def pdf_bytes(pages: int, label: str, *, rotate_last: bool = False) -> bytes:
    """A real PDF of `pages` A4 pages, each saying which page of `label` it is."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 18)
        canvas.drawString(72, 700, f"Original {label} p{number}")
        canvas.showPage()
    canvas.save()
    if not rotate_last:
        return buffer.getvalue()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        pdf.pages[-1].rotate(90, relative=False)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    image = Image.new("RGB", size, (40, 120, 180))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


@dataclass
class Store:
    """Material bytes by digest, opened as read-only streams."""

    blobs: dict[str, bytes] = field(default_factory=dict)
    opened: list[BinaryIO] = field(default_factory=list)

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return digest

    def open(self, material: Material) -> BinaryIO:
        stream = io.BufferedReader(io.BytesIO(self.blobs[material.digest]))
        self.opened.append(stream)
        return stream


def agency_case() -> Case:
    # The sample package's agency, registered in every test database.
    agency, _ = Agency.objects.get_or_create(
        code="11430405MB1234567X",
        defaults={"name": "衡阳市珠晖区应急管理局", "fonds": "J031"},
    )
    return Case.objects.create(
        agency=agency,
        case_number=DECISION_NUMBER,
        title="生产经营单位未建立事故隐患排查治理制度案",
        category=Category.ADMINISTRATIVE_PENALTY,
        procedure=Procedure.ORDINARY,
        initiation=Initiation.EX_OFFICIO,
        opened_on=dt.date(2025, 2, 8),
        closed_on=dt.date(2025, 3, 6),
        package_fingerprint="0" * 64,
    )


def material_add(
    case: Case, store: Store, data: bytes, media_type: str, **fields: Any
) -> Material:
    sequence = case.materials.count() + 1
    fields.setdefault("title", fields.get("doc_type", "材料"))
    fields.setdefault("doc_type", fields["title"])
    fields.setdefault("original_name", f"{sequence:02d}-{fields['title']}")
    return Material.objects.create(
        case=case,
        sequence=sequence,
        path=f"materials/{sequence:02d}",
        stage=fields.pop("stage", Stage.INVESTIGATION),
        form=fields.pop("form", Form.TEXT),
        author=fields.pop("author", "衡阳市珠晖区应急管理局"),
        date=fields.pop("date", dt.date(2025, 2, 10)),
        media_type=media_type,
        size=len(data),
        digest=store.put(data),
        **fields,
    )


def dossier_create(case: Case, **fields: Any) -> Dossier:
    defaults = {
        "archival_code": "J031-2025-D30-0007",
        "archive_number": "0007",
        "title": "吉林省长白山建材有限公司生产经营单位未建立事故隐患排查治理制度案",
        "period_start": dt.date(2025, 2, 8),
        "period_end": dt.date(2025, 3, 6),
        "template": "penalty",
        "compiler": "吴婷",
        "checker": "李明",
        "compiled_on": dt.date(2025, 3, 20),
        "remarks": "卷内无缺损、修改情况。",
    }
    return Dossier.objects.create(case=case, **{**defaults, **fields})


def entries_add(dossier: Dossier, materials: list[tuple[Material, str]]) -> None:
    """Add entries in order as (material, volume), numbering 页号 per volume."""
    next_page: dict[str, int] = {}
    for order, (material, volume) in enumerate(materials):
        start = next_page.get(volume, 1)
        DossierEntry.objects.create(
            dossier=dossier,
            material=material,
            volume=volume,
            sort_order=order,
            page_from=start,
            page_to=start + (material.pages or 1) - 1,
        )
        next_page[volume] = start + (material.pages or 1)


def pdf_add(
    case: Case, store: Store, pages: int, title: str, **fields: Any
) -> Material:
    """A PDF material whose pages say "Original M<sequence> page <n>"."""
    key = f"M{case.materials.count() + 1}"  # ASCII: the originals use Helvetica
    data = pdf_bytes(pages, key, rotate_last=fields.pop("rotate_last", False))
    return material_add(
        case, store, data, "application/pdf", title=title, pages=pages, **fields
    )


def photo_add(case: Case, store: Store, **av: Any) -> Material:
    return material_add(
        case, store, jpeg_bytes(), "image/jpeg", title="现场照片",
        form=Form.PHOTO, av={**PHOTO_AV, **av}, pages=1,
    )  # fmt: skip


def video_add(case: Case, store: Store, **av: Any) -> Material:
    return material_add(
        case, store, b"\x00\x00\x00\x18ftypmp42 not a real video", "video/mp4",
        title="现场检查录像", form=Form.VIDEO, av={**VIDEO_AV, **av},
        original_name="03-现场检查录像.mp4",
    )  # fmt: skip


def sample_dossier(store: Store) -> Dossier:
    """Five main-volume materials (PDFs, a photo, a video), two secondary PDFs.

    正卷 页号: 1-2, 3-5 (the last page turned 90°), 6, 7, 8; 副卷 页号: 1-2, 3.
    """
    case = agency_case()
    main, secondary = Volume.MAIN, Volume.SECONDARY
    materials = [
        (pdf_add(case, store, 2, "立案审批表", stage=Stage.INITIATION), main),
        (
            pdf_add(
                case, store, 3, LONG_TITLE, doc_type="现场检查笔录", rotate_last=True
            ),
            main,
        ),
        (photo_add(case, store), main),
        (video_add(case, store), main),
        (pdf_add(case, store, 1, "行政处罚决定书", doc_number=DECISION_NUMBER), main),
        (pdf_add(case, store, 2, "集体讨论记录"), secondary),
        (pdf_add(case, store, 1, "法制审核意见书"), secondary),
    ]
    dossier = dossier_create(case)
    entries_add(dossier, materials)
    return dossier


def compact(text: str) -> str:
    """Text without any whitespace, for comparing wrapped PDF text."""
    return "".join(text.split())
