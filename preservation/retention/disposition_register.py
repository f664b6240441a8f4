"""The 销毁清册 of a disposition batch, as PDF and XLSX.

Only the dossiers appraised 销毁 are on it (延长 and 改为永久 stay in the
archive and are not to be destroyed), with the batch's header: 机关, 批次号,
鉴定人, 批准人. 监销人 and 销毁日期与方式 are filled in when the batch is
executed (`disposition_execute`); until then they read "待执行". The register
is drawn from the catalogue (档号, 题名, dates, counts), not the documents,
so writing it reads no content.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from dossiers.documents._common import (
    centered,
    date_cn,
    dossier_entries,
    dossier_totals,
    para,
    render,
    ruled,
    table,
)
from dossiers.spreadsheets import xlsx_append
from preservation.retention.disposition_models import (
    Decision,
    DispositionBatch,
    DispositionItem,
)

PENDING = "待执行"
COLUMNS = (
    "序号",
    "档号",
    "案卷题名",
    "起止日期",
    "保管期限",
    "件数/页数",
    "鉴定意见",
    "批准人与日期",
    "监销人",
    "销毁日期与方式",
)
# A4 portrait holds 170 mm between the margins. The 档号 column takes a whole
# archival code (J031-2025-D30-0001 is 27.5 mm at 8 pt) on one line, so that
# the register's text names it unbroken.
WIDTHS_MM = (8, 31, 27, 19, 10, 13, 23, 16, 11, 12)
PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]


@dataclass(frozen=True)
class RegisterHeader:
    agency: str
    number: str
    appraisers: str
    approver: str

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("机关", self.agency),
            ("批次号", self.number),
            ("鉴定人", self.appraisers),
            ("批准人", self.approver),
        ]


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def register_header(batch: DispositionBatch) -> RegisterHeader:
    appraisers = {
        _person(item.appraised_by)
        for item in batch.items.exclude(appraised_by=None).select_related(
            "appraised_by"
        )
    }
    approved = ""
    if batch.approved_by:
        day = timezone.localtime(batch.approved_at).date()
        approved = f"{_person(batch.approved_by)}（{date_cn(day)}）"
    return RegisterHeader(
        agency=batch.agency.name,
        number=batch.number,
        appraisers="、".join(sorted(appraisers)) or "（尚未鉴定）",
        approver=approved or "（尚未批准）",
    )


def register_items(batch: DispositionBatch) -> list[DispositionItem]:
    """The items decided 销毁, in the batch's order."""
    items = batch.items.filter(decision=Decision.DESTROY)
    return list(items.select_related("dossier", "appraised_by"))


def register_execution(batch: DispositionBatch) -> tuple[str, str]:
    """(监销人, 销毁日期与方式), or 待执行 for both until the batch is executed."""
    if batch.executed_at is None:
        return PENDING, PENDING
    witnesses = "、".join(sorted(_person(user) for user in batch.witnesses.all()))
    day = timezone.localtime(batch.executed_at).date()
    return witnesses, f"{date_cn(day)}，{batch.method}"


def _extent(item: DispositionItem) -> str:
    # Once executed the items are gone; the count was kept on the item.
    if item.extent:
        return item.extent
    totals = dossier_totals(dossier_entries(item.dossier))
    return f"{totals.items}件/{totals.pages}页"


def register_rows(batch: DispositionBatch) -> list[list[str]]:
    """One row of plain text per dossier to destroy, in `COLUMNS` order."""
    approval = register_header(batch).approver
    witnesses, executed = register_execution(batch)
    rows = []
    for n, item in enumerate(register_items(batch), start=1):
        dossier = item.dossier
        start = dossier.period_start.isoformat() if dossier.period_start else ""
        rows.append(
            [
                str(n),
                dossier.archival_code,
                dossier.title,
                f"{start}—{dossier.period_end.isoformat()}",
                dossier.get_retention_display(),
                _extent(item),
                item.opinion,
                approval,
                witnesses,
                executed,
            ]
        )
    return rows


def register_pdf(batch: DispositionBatch) -> bytes:
    header = register_header(batch)
    lines = "\n".join(f"{label}：{value}" for label, value in header.lines())
    data = [[centered(c, 8) for c in COLUMNS]]
    data += [[para(cell, 8) for cell in row] for row in register_rows(batch)]
    widths = [w * mm for w in WIDTHS_MM]
    grid = ruled(table(data, colWidths=widths, repeatRows=1), PADDING)
    flowables = [centered("档案销毁清册", 16), Spacer(0, 4 * mm), para(lines, 10)]
    flowables += [Spacer(0, 4 * mm), grid]
    return render(flowables, title=f"档案销毁清册 {batch.number}")


def register_xlsx(batch: DispositionBatch) -> bytes:
    from openpyxl import Workbook  # openpyxl (37 MB with numpy): loaded on first use

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "销毁清册"
    for label, value in register_header(batch).lines():
        xlsx_append(sheet, [label, value])
    xlsx_append(sheet, [])
    xlsx_append(sheet, list(COLUMNS))
    for row in register_rows(batch):
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_write(batch: DispositionBatch, out: Path) -> list[Path]:
    """Write `销毁清册-<批次号>.pdf` and `.xlsx` into `out` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, build in ((".pdf", register_pdf), (".xlsx", register_xlsx)):
        path = out / f"销毁清册-{batch.number}{suffix}"
        path.write_bytes(build(batch))
        written.append(path)
    return written
