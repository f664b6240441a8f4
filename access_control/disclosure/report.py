"""The annual report's table of 政府信息公开 applications (Art. 50).

`annual_report` counts one agency's applications (or every agency's) for a
calendar year into the table 「收到和处理政府信息公开申请情况」 of the
national format (国办公开办函〔2021〕30号), and adds the 行政复议/行政诉讼
figures staff entered (`DisclosureReviewFigures`). Days are local dates:

- columns: 自然人, the five kinds of 法人或其他组织 (`organisation_kind`; an
  organisation without a kind counts as 其他) and 总计;
- 一、本年新收: received (`received_on`) in the year;
- 二、上年结转: received before the year and not closed before 1 January;
- 三、本年度办理结果: closed in the year (`answered_on`: the answer, or the
  day an application without its 补正 was treated as withdrawn), by
  `Outcome` and `Ground` in `grounds_for` order; （七）总计 adds them up;
- 四、结转下年度继续办理: received by 31 December and not closed by then.

So 一 + 二 − 三（七） = 四 whenever every closed application has an outcome.
The report is a result object that the JSON, XLSX and PDF files
(`report_files`), the command and the admin page all read; nothing here
writes except `review_figures_save`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from access_control.disclosure.letters_text import ground_label
from access_control.disclosure.models import (
    ApplicantType,
    DisclosureApplication,
    DisclosureReviewFigures,
    OrganisationKind,
    Outcome,
    grounds_for,
)

TITLE = "收到和处理政府信息公开申请情况"
REVIEW_TITLE = "政府信息公开行政复议、行政诉讼情况"
PERSON = "person"
TOTAL = "total"
COLUMNS = (
    (PERSON, "自然人"),
    *((kind.value, kind.label) for kind in OrganisationKind),
    (TOTAL, "总计"),
)
ORGANISATION_HEADING = "法人或其他组织"
RESULT_HEADINGS = {
    Outcome.RELEASE: "（一）予以公开",
    Outcome.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    Outcome.WITHHOLD: "（三）不予公开",
    Outcome.UNABLE: "（四）无法提供",
    Outcome.NOT_PROCESSED: "（五）不予处理",
    Outcome.OTHER: "（六）其他处理",
}
REVIEW_PARTS = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼：未经复议直接起诉"),
    ("suit_after_review", "行政诉讼：复议后起诉"),
)
REVIEW_CELLS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)
REVIEW_MAX = 1_000_000


@dataclass(frozen=True)
class ReportRow:
    """One row: `values` maps each column code to a count; None for a heading."""

    code: str
    label: str
    values: dict[str, int] | None

    def as_json(self) -> dict:
        return {"code": self.code, "label": self.label, "values": self.values}


@dataclass(frozen=True)
class AnnualReport:
    year: int
    agency_code: str | None
    agency_name: str
    rows: tuple[ReportRow, ...]
    review: dict[str, dict[str, int]] = field(default_factory=dict)

    def row(self, code: str) -> ReportRow:
        return next(row for row in self.rows if row.code == code)

    def as_json(self) -> dict:
        """The documented structure (README: “letters and the annual report”)."""
        return {
            "title": TITLE,
            "year": self.year,
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "columns": [{"code": code, "label": label} for code, label in COLUMNS],
            "rows": [row.as_json() for row in self.rows],
            "review": {
                "title": REVIEW_TITLE,
                "parts": [{"code": c, "label": label} for c, label in REVIEW_PARTS],
                "cells": [
                    {"code": c, "label": label}
                    for c, label in (*REVIEW_CELLS, (TOTAL, "总计"))
                ],
                "figures": self.review,
            },
        }


def annual_report(*, year: int, agency=None) -> AnnualReport:
    """The table for `agency` (every agency when None) and the calendar `year`.

    Args:
        year: the report's year (1 January to 31 December, local dates).
        agency: a `dossiers.Agency`, or None for all agencies together.

    Returns:
        The report; review figures not entered count as 0.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # What was closed before the year counts in no row of it.
    applications = DisclosureApplication.objects.filter(received_on__lte=last).exclude(
        answered_on__lt=first
    )
    figures = DisclosureReviewFigures.objects.filter(year=year)
    if agency is not None:
        applications = applications.filter(agency=agency)
        figures = figures.filter(agency=agency)
    facts = list(
        applications.values(
            "applicant_type",
            "organisation_kind",
            "received_on",
            "answered_on",
            "outcome",
            "ground",
        )
    )
    return AnnualReport(
        year=year,
        agency_code=agency.code if agency else None,
        agency_name=agency.name if agency else "全部机关",
        rows=tuple(_rows(facts, first, last)),
        review=review_totals([f.figures for f in figures]),
    )


def _column(fact: dict) -> str:
    if fact["applicant_type"] == ApplicantType.PERSON:
        return PERSON
    return fact["organisation_kind"] or OrganisationKind.OTHER


def _counted(facts: list[dict]) -> dict[str, int]:
    counts = Counter(_column(fact) for fact in facts)
    values = {code: counts.get(code, 0) for code, _label in COLUMNS[:-1]}
    values[TOTAL] = sum(values.values())
    return values


def _open_on(fact: dict, day: dt.date) -> bool:
    """Whether the application was still open at the end of `day`."""
    return fact["answered_on"] is None or fact["answered_on"] > day


def _rows(facts: list[dict], first: dt.date, last: dt.date) -> list[ReportRow]:
    eve = first - dt.timedelta(days=1)
    new = [f for f in facts if f["received_on"] >= first]
    carried_in = [f for f in facts if f["received_on"] < first and _open_on(f, eve)]
    closed = [
        f for f in facts if f["answered_on"] and first <= f["answered_on"] <= last
    ]
    rows = [
        ReportRow("received", "一、本年新收政府信息公开申请数量", _counted(new)),
        ReportRow(
            "carried_in", "二、上年结转政府信息公开申请数量", _counted(carried_in)
        ),
        ReportRow("results", "三、本年度办理结果", None),
        *_result_rows(closed),
        ReportRow("results_total", "（七）总计", _counted(closed)),
        ReportRow(
            "carried_forward",
            "四、结转下年度继续办理",
            _counted([f for f in facts if _open_on(f, last)]),
        ),
    ]
    return rows


def _result_rows(closed: list[dict]) -> list[ReportRow]:
    rows = []
    for outcome, heading in RESULT_HEADINGS.items():
        of_outcome = [f for f in closed if f["outcome"] == outcome]
        grounds = grounds_for(outcome)
        if not grounds:
            rows.append(ReportRow(outcome.value, heading, _counted(of_outcome)))
            continue
        rows.append(ReportRow(outcome.value, heading, None))
        for number, ground in enumerate(grounds, start=1):
            matching = [f for f in of_outcome if f["ground"] == ground]
            label = f"{number}.{ground_label(ground)}"
            rows.append(ReportRow(ground.value, label, _counted(matching)))
    return rows


def review_totals(entered: list[dict]) -> dict[str, dict[str, int]]:
    """The figures of one or more agencies added up, each part with its total."""
    totals = {}
    for part, _label in REVIEW_PARTS:
        cells = {
            cell: sum(_count(figures, part, cell) for figures in entered)
            for cell, _cell_label in REVIEW_CELLS
        }
        cells[TOTAL] = sum(cells.values())
        totals[part] = cells
    return totals


def _count(figures: dict, part: str, cell: str) -> int:
    value = (figures or {}).get(part, {}).get(cell, 0)
    return value if isinstance(value, int) else 0


@transaction.atomic
def review_figures_save(*, agency, year: int, figures: dict, by):
    """Keep the 行政复议/行政诉讼 figures staff entered for an agency's year.

    Args:
        figures: {part: {cell: count}} for the parts of `REVIEW_PARTS` and
            the cells of `REVIEW_CELLS` (totals are computed, never entered).

    Raises:
        ValidationError: a count is not a whole number from 0 to 1,000,000
            (the message names the cell).
    """
    clean = {}
    for part, part_label in REVIEW_PARTS:
        clean[part] = {}
        for cell, cell_label in REVIEW_CELLS:
            value = (figures.get(part) or {}).get(cell, 0)
            whole = isinstance(value, int) and not isinstance(value, bool)
            if not whole or not 0 <= value <= REVIEW_MAX:
                raise ValidationError(
                    f"{part_label}“{cell_label}”应为 0 到 {REVIEW_MAX} 之间的整数，"
                    f"而不是 {value!r}。"
                )
            clean[part][cell] = value
    record, _created = DisclosureReviewFigures.objects.update_or_create(
        agency=agency, year=year, defaults={"figures": clean, "updated_by": by}
    )
    return record
