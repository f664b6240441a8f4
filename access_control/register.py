"""The 查阅登记簿: every request to see records, its decision and its use.

002 §23 asks the custodian to register 查阅人、查阅事由、查阅时间; this module
reads the requests (`AccessRequest`), their grants and the access log and
gives one `RegisterRow` per request, with the columns of `HEADERS`:
登记号, 查阅人, 单位, 日期, 档号/案号, 内容, 方式, 事由, 审批人, 期限,
归还/到期 and the number of reads logged under the request.

`register_rows` is a selector: filters are plain arguments (an agency, a
period of local dates, a person), so a command and an admin view call it the
same way; the number of queries does not grow with the number of rows. The
writers (`register_xlsx`, `register_csv`, `register_pdf`) turn rows into
bytes; storing or serving them is the caller's business, and who may see the
register is the caller's to check.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer

from access_control.approval import RETRIEVAL_GROUNDS
from access_control.models import (
    AccessLogEntry,
    AccessRequest,
    Membership,
    RequestKind,
    RequestStatus,
)
from dossiers.dates import format_local, local_day
from dossiers.documents._common import (
    PRODUCER,
    binary_streams,
    centered,
    font,
    para,
    ruled,
    table,
)
from dossiers.models import Agency, Dossier
from dossiers.spreadsheets import csv_bytes, xlsx_append

TITLE = "查阅登记簿"
HEADERS = (
    "登记号",
    "查阅人",
    "单位",
    "日期",
    "档号/案号",
    "内容",
    "方式",
    "事由",
    "审批人",
    "期限",
    "归还/到期",
    "查阅次数",
)
WHOLE_DOSSIER = "整卷"
# Widths in millimetres on landscape A4 (257 mm between the margins).
PDF_WIDTHS_MM = (21, 16, 24, 17, 30, 30, 14, 28, 30, 17, 18, 12)
XLSX_WIDTHS = (14, 12, 24, 12, 30, 36, 12, 30, 36, 12, 24, 10)
PDF_MARGIN = 12 * mm
CELL_SIZE = 8


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register, text columns formatted for display."""

    number: str
    reader: str
    unit: str
    day: dt.date
    codes: str
    content: str
    manner: str
    reason: str
    approver: str
    until: dt.date | None
    state: str
    reads: int

    def cells(self) -> list[str | int]:
        """The row in the order of `HEADERS`, dates as YYYY-MM-DD."""
        return [
            self.number,
            self.reader,
            self.unit,
            format_local(self.day),
            self.codes,
            self.content,
            self.manner,
            self.reason,
            self.approver,
            format_local(self.until),
            self.state,
            self.reads,
        ]


def register_rows(
    *,
    agency: Agency | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    person=None,
) -> list[RegisterRow]:
    """The requests filed in the period, oldest first, one row each.

    Args:
        agency: only requests for this agency's cases (None: every agency).
        start, end: the first and last local day of filing, inclusive
            (None: unbounded).
        person: only this requester's requests (None: everyone's).

    Returns:
        One `RegisterRow` per request, in the order they were filed.
    """
    requests = list(_requests(agency=agency, start=start, end=end, person=person))
    codes = _archival_codes({r.case_id for r in requests})
    reads = _reads([r.number for r in requests])
    today = timezone.localdate()
    return [_row(r, codes, reads, today) for r in requests]


def _requests(*, agency, start, end, person) -> QuerySet[AccessRequest]:
    requests = AccessRequest.objects.select_related(
        "requester", "case__agency", "decided_by", "grant"
    ).prefetch_related(
        "materials",
        Prefetch(
            "requester__memberships",
            queryset=Membership.objects.select_related("agency").order_by(
                "agency__name", "pk"
            ),
        ),
    )
    if agency is not None:
        requests = requests.filter(case__agency=agency)
    if person is not None:
        requests = requests.filter(requester=person)
    if start is not None:
        requests = requests.filter(created_at__gte=_local_midnight(start))
    if end is not None:
        next_day = end + dt.timedelta(days=1)
        requests = requests.filter(created_at__lt=_local_midnight(next_day))
    return requests.order_by("created_at", "pk")


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _archival_codes(case_ids: set[int]) -> dict[int, str]:
    """Each case's current (newest) dossier's 档号, in one query."""
    found: dict[int, str] = {}
    dossiers = Dossier.objects.filter(case_id__in=case_ids).order_by(
        "case_id", "-version"
    )
    for case_id, code in dossiers.values_list("case_id", "archival_code"):
        found.setdefault(case_id, code)
    return found


def _reads(numbers: list[str]) -> dict[str, int]:
    """How many access-log entries name each request, in one grouped query."""
    if not numbers:
        return {}
    counted = (
        AccessLogEntry.objects.filter(data__request__in=numbers)
        .annotate(request_number=KeyTextTransform("request", "data"))
        .order_by()
        .values("request_number")
        .annotate(n=Count("pk"))
    )
    totals: dict[str, int] = defaultdict(int)
    for item in counted:
        totals[item["request_number"]] += item["n"]
    return totals


def _row(request: AccessRequest, codes, reads, today: dt.date) -> RegisterRow:
    grant = getattr(request, "grant", None)
    case = request.case
    code = codes.get(case.pk, "")
    return RegisterRow(
        number=request.number,
        reader=_name(request.requester),
        unit=_unit(request),
        day=local_day(request.created_at),
        codes=f"{code}/{case.case_number}" if code else case.case_number,
        content=_content(request),
        manner=_manner(request),
        reason=request.reason,
        approver=_approver(request),
        until=grant.until if grant else None,
        state=_state(request, grant, today),
        reads=reads.get(request.number, 0),
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _unit(request: AccessRequest) -> str:
    names = []
    for membership in request.requester.memberships.all():
        if membership.agency.name not in names:
            names.append(membership.agency.name)
    return "、".join(names) or request.case.agency.name


def _content(request: AccessRequest) -> str:
    titles = [m.title for m in sorted(request.materials.all(), key=_material_order)]
    return "；".join(titles) or WHOLE_DOSSIER


def _material_order(material) -> tuple:
    return (material.sequence, material.pk)


def _manner(request: AccessRequest) -> str:
    label = request.get_kind_display()
    if request.kind == RequestKind.COPY and request.for_party:
        return f"{label}（当事人）"
    return label


def _approver(request: AccessRequest) -> str:
    if request.status == RequestStatus.PENDING or request.decided_by is None:
        return request.get_status_display()
    text = (
        f"{_name(request.decided_by)} {format_local(local_day(request.decided_at))} "
        f"{request.get_status_display()}"
    )
    ground = RETRIEVAL_GROUNDS.get(request.ground)
    return f"{text}（{ground}）" if ground else text


def _state(request: AccessRequest, grant, today: dt.date) -> str:
    if grant is None:
        return "未授权" if request.status != RequestStatus.PENDING else ""
    if grant.returned_at:
        return f"已归还 {format_local(grant.returned_at)}"
    if grant.revoked_at:
        return f"已撤销 {format_local(grant.revoked_at)}"
    if grant.until < today:
        return f"已到期 {format_local(grant.until)}"
    return "有效"


# --- files ------------------------------------------------------------------


def register_csv(rows: list[RegisterRow]) -> bytes:
    """The register as CSV (UTF-8 with BOM, formula-like cells neutralised)."""
    return csv_bytes([HEADERS, *(row.cells() for row in rows)])


def register_xlsx(rows: list[RegisterRow]) -> bytes:
    """The register as one XLSX sheet: a bold, frozen header row, text cells."""
    from openpyxl import Workbook  # openpyxl (37 MB with numpy): loaded on first use
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    xlsx_append(sheet, HEADERS)
    for row in rows:
        xlsx_append(sheet, row.cells())
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_pdf(rows: list[RegisterRow], *, title: str = TITLE) -> bytes:
    """The register on landscape A4 in the CJK font; the header repeats per page."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=PDF_MARGIN,
        rightMargin=PDF_MARGIN,
        topMargin=PDF_MARGIN,
        bottomMargin=PDF_MARGIN + 4 * mm,
        title=title,
        creator=PRODUCER,
        lang="zh-CN",
        invariant=True,
        initialFontName=font(),
    )
    flowables = [centered(title, 16), Spacer(1, 4 * mm), _pdf_table(rows)]
    with binary_streams():
        document.build(flowables, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _pdf_table(rows: list[RegisterRow]):
    header = [centered(text, CELL_SIZE) for text in HEADERS]
    body = [[para(str(value), CELL_SIZE) for value in row.cells()] for row in rows]
    if not body:
        body = [[para("（无登记）", CELL_SIZE)] + [""] * (len(HEADERS) - 1)]
    grid = table(
        [header, *body],
        colWidths=[width * mm for width in PDF_WIDTHS_MM],
        repeatRows=1,
    )
    return ruled(
        grid,
        [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)],
    )


def _page_number(canvas: Canvas, document: SimpleDocTemplate) -> None:
    width, _height = landscape(A4)
    canvas.saveState()
    canvas.setFont(font(), 8)
    canvas.drawCentredString(width / 2, PDF_MARGIN, f"第 {document.page} 页")
    canvas.restoreState()
