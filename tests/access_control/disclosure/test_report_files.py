"""The annual report as XLSX and PDF carries the table's labels and numbers."""

import io

import pytest
from openpyxl import load_workbook

from access_control.disclosure.report import annual_report, review_figures_save
from access_control.disclosure.report_files import report_pdf, report_xlsx
from tests.access_control.disclosure.test_report import year_2025  # noqa: F401
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def test_the_xlsx_has_the_rows_and_their_numbers(agency, year_2025):  # noqa: F811
    workbook = load_workbook(
        io.BytesIO(report_xlsx(annual_report(year=2025, agency=agency)))
    )
    applications, review = workbook.worksheets
    rows = {row[0]: row[1:] for row in applications.iter_rows(values_only=True)}
    assert rows["一、本年新收政府信息公开申请数量"] == (2, 0, 1, 0, 1, 1, 5)
    assert rows["二、上年结转政府信息公开申请数量"] == (1, 0, 0, 0, 0, 0, 1)
    assert rows["（七）总计"] == (3, 0, 1, 0, 0, 0, 4)
    assert rows["7.属于行政执法案卷"] == (1, 0, 0, 0, 0, 0, 1)
    assert rows["四、结转下年度继续办理"][-1] == 2
    assert applications["B2"].value == "申请人情况"
    assert applications["A1"].value.endswith("2025年度 收到和处理政府信息公开申请情况")
    assert review["A2"].value == "行政复议"


def test_the_xlsx_review_sheet_has_the_entered_figures(agency, disclosure_head):
    review_figures_save(
        agency=agency,
        year=2025,
        figures={"review": {"upheld": 2}, "suit_after_review": {"pending": 3}},
        by=disclosure_head,
    )
    workbook = load_workbook(
        io.BytesIO(report_xlsx(annual_report(year=2025, agency=agency)))
    )
    numbers = next(workbook.worksheets[1].iter_rows(min_row=5, values_only=True))
    assert numbers == (2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3)


def test_the_pdf_has_the_table_labels(agency, year_2025):  # noqa: F811
    pdf = report_pdf(annual_report(year=2025, agency=agency))
    text = pdf_text(pdf, layout=True, squeeze=True)
    for label in (
        "收到和处理政府信息公开申请情况",
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "法人或其他组织",
        "法律服务机构",
        "属于国家秘密",
        "本机关不掌握相关政府信息",
        "无正当理由大量反复申请",
        "结转下年度继续办理",
        "政府信息公开行政复议、行政诉讼情况",
        "未经复议直接起诉",
        "尚未审结",
    ):
        assert label in text, label
