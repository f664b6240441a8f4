"""The 评查报告 of a round: scores per section and agency, ranking, defects.

`review_report(round)` computes everything in SQL aggregates over the
round's reviewed dossiers (`DossierReview.score`) and confirmed checklist
items (`ReviewItem`): each section's and agency's count, average, lowest and
highest score and rank (by average, highest first; equal averages share a
rank), the most frequent defects by article, and each dossier's score and
grade. `report_pdf` and `report_xlsx` render the same `ReviewReport`; the
PDF uses the archive's CJK font, the XLSX `dossiers.spreadsheets`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min, OuterRef, Subquery
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from dossiers.dates import format_local
from dossiers.documents._common import centered, para, render, ruled, table
from dossiers.review.models import DossierReview, ReviewItem, ReviewRound
from dossiers.review.scoring import grade_of
from dossiers.spreadsheets import xlsx_append

TOP_DEFECTS = 10
GROUP_COLUMNS = ("名次", "机关", "承办科室", "评查卷数", "平均分", "最低分", "最高分")
AGENCY_COLUMNS = ("名次", "机关", "评查卷数", "平均分", "最低分", "最高分")
DEFECT_COLUMNS = ("序号", "依据", "问题", "出现次数", "涉及案卷数")
DOSSIER_COLUMNS = ("档号", "案号", "机关", "承办科室", "得分", "等级", "评查人")


@dataclass(frozen=True)
class ReviewReport:
    review_round: ReviewRound
    sections: list[tuple]
    agencies: list[tuple]
    defects: list[tuple]
    dossiers: list[tuple]

    def header(self) -> list[tuple[str, str]]:
        r = self.review_round
        return [
            ("评查批次", r.number),
            ("机关", r.agency.name if r.agency else "全部机关"),
            ("结案年度", str(r.year)),
            ("抽查比例", f"{r.percent}%（随机种子 {r.seed}）"),
            ("状态", r.get_state_display()),
            ("抽取时间", format_local(r.created_at)),
        ]


def review_report(review_round: ReviewRound) -> ReviewReport:
    reviewed = DossierReview.objects.filter(round=review_round, score__isnull=False)
    return ReviewReport(
        review_round,
        _ranked(reviewed, ("agency__name", "section")),
        _ranked(reviewed, ("agency__name",)),
        _defects(review_round),
        _dossier_rows(review_round),
    )


def _ranked(reviewed, keys: tuple[str, ...]) -> list[tuple]:
    rows = (
        reviewed.values(*keys)
        .annotate(n=Count("pk"), avg=Avg("score"), low=Min("score"), high=Max("score"))
        .order_by("-avg", *keys)
    )
    ranked, rank, previous = [], 0, None
    for position, row in enumerate(rows, start=1):
        average = round(row["avg"], 1)
        rank = rank if average == previous else position
        previous = average
        names = [row[k] for k in keys]
        ranked.append((rank, *names, row["n"], average, row["low"], row["high"]))
    return ranked


def _defects(review_round: ReviewRound) -> list[tuple]:
    confirmed = ReviewItem.objects.filter(review__round=review_round, confirmed=True)
    # A code's first message (a rule's wording) or the reviewer's own text.
    example = confirmed.filter(
        article=OuterRef("article"), code=OuterRef("code")
    ).order_by("pk")
    rows = (
        confirmed.values("article", "code")
        .annotate(n=Count("pk"), dossiers=Count("review", distinct=True))
        .annotate(text=Subquery(example.values("description")[:1]))
        .order_by("-n", "article", "code")[:TOP_DEFECTS]
    )
    return [
        (
            number,
            row["article"] or "—",
            f"{row['code']}：{row['text']}" if row["code"] else row["text"],
            row["n"],
            row["dossiers"],
        )
        for number, row in enumerate(rows, start=1)
    ]


def _dossier_rows(review_round: ReviewRound) -> list[tuple]:
    reviews = review_round.reviews.select_related(
        "dossier__case", "agency", "reviewer"
    ).order_by("agency__name", "section", "dossier__archival_code")
    return [
        (
            r.dossier.archival_code,
            r.dossier.case.case_number,
            r.agency.name,
            r.section,
            "" if r.score is None else r.score,
            grade_of(r.score),
            r.reviewer.get_username() if r.reviewer else "",
        )
        for r in reviews
    ]


PARTS = (
    ("各科室得分与排名", GROUP_COLUMNS, "sections"),
    ("各机关得分与排名", AGENCY_COLUMNS, "agencies"),
    ("最常见问题（按依据条款）", DEFECT_COLUMNS, "defects"),
    ("抽查案卷得分", DOSSIER_COLUMNS, "dossiers"),
)


def report_pdf(report: ReviewReport) -> bytes:
    lines = "\n".join(f"{label}：{value}" for label, value in report.header())
    flowables = [centered("案卷评查报告", 16), Spacer(0, 4 * mm), para(lines, 10)]
    for title, columns, attribute in PARTS:
        data = [[centered(c, 8) for c in columns]]
        data += [[para(str(v), 8) for v in row] for row in getattr(report, attribute)]
        if len(data) == 1:
            data.append([para("无", 8)] + [""] * (len(columns) - 1))
        flowables += [Spacer(0, 5 * mm), para(title, 12), Spacer(0, 2 * mm)]
        flowables.append(ruled(table(data, repeatRows=1)))
    return render(flowables, title=f"案卷评查报告 {report.review_round.number}")


def report_xlsx(report: ReviewReport) -> bytes:
    from openpyxl import Workbook  # openpyxl (37 MB with numpy): loaded on first use

    workbook = Workbook()
    summary = workbook.active
    summary.title = "评查批次"
    for label, value in report.header():
        xlsx_append(summary, [label, value])
    for title, columns, attribute in PARTS:
        sheet = workbook.create_sheet(title[:31])
        xlsx_append(sheet, list(columns))
        for row in getattr(report, attribute):
            xlsx_append(sheet, list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REPORT_FORMATS = {
    "pdf": (report_pdf, "application/pdf"),
    "xlsx": (
        report_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
