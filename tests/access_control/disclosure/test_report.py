"""The annual report's table counts a year's applications across its borders."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from access_control.disclosure.applications import application_submit
from access_control.disclosure.models import (
    DisclosureApplication,
    Ground,
    Outcome,
    Status,
)
from access_control.disclosure.report import annual_report, review_figures_save
from tests.access_control.disclosure.conftest import CHINA, applicant_fields

pytestmark = pytest.mark.django_db
D = dt.date


def application_make(agency, received, answered=None, *, kind="", **facts):
    """An application received (and perhaps closed) on the given local days."""
    submitted = received or D(2025, 7, 1)
    with time_machine.travel(
        dt.datetime.combine(submitted, dt.time(10), CHINA), tick=False
    ):
        fields = applicant_fields()
        if kind:
            fields |= {"applicant_type": "organisation", "organisation_kind": kind}
        if kind == "none":
            fields["organisation_kind"] = ""
        application, _code = application_submit(agency=agency, fields=fields)
    status = Status.ANSWERED if answered else Status.IN_PROGRESS
    DisclosureApplication.objects.filter(pk=application.pk).update(
        received_on=received,
        answered_on=answered,
        status=facts.pop("status", status if received else Status.AWAITING_RECEIPT),
        **facts,
    )
    return application


@pytest.fixture
def year_2025(agency, sample_agencies):
    """Applications before, in and after 2025 (see each line)."""
    make = application_make
    # Received in 2024, answered in 2025: carried in, then released.
    make(agency, D(2024, 12, 20), D(2025, 1, 10), outcome=Outcome.RELEASE)
    # Received and answered in 2024: not in 2025 at all.
    make(
        agency,
        D(2024, 11, 1),
        D(2024, 12, 15),
        kind="business",
        outcome=Outcome.WITHHOLD,
        ground=Ground.WITHHOLD_STATE_SECRET,
    )
    make(agency, D(2025, 3, 1), D(2025, 3, 20), kind="research", outcome="partial")
    make(
        agency,
        D(2025, 5, 1),
        D(2025, 5, 20),
        status=Status.WITHDRAWN,
        outcome=Outcome.OTHER,
        ground=Ground.OTHER_NO_CORRECTION,
    )
    make(
        agency,
        D(2025, 6, 1),
        D(2025, 6, 10),
        outcome=Outcome.WITHHOLD,
        ground=Ground.WITHHOLD_ENFORCEMENT_FILE,
    )
    # An organisation of no stated kind, still open at the year's end.
    make(agency, D(2025, 12, 20), kind="none")
    # Received on 30 December, answered in January: carried forward.
    make(
        agency,
        D(2025, 12, 30),
        D(2026, 1, 5),
        kind="legal_service",
        outcome=Outcome.UNABLE,
        ground=Ground.UNABLE_NOT_HELD,
    )
    # Never confirmed received: not counted.
    make(agency, None)
    # Another agency's.
    make(sample_agencies[1], D(2025, 2, 1), D(2025, 2, 5), outcome=Outcome.RELEASE)


def _values(report, code):
    values = report["rows"][[r["code"] for r in report["rows"]].index(code)]["values"]
    return {column: count for column, count in values.items() if count}


def test_each_row_counts_its_applications_by_applicant(agency, year_2025):
    report = annual_report(year=2025, agency=agency).as_json()
    assert report["agency"] == {"code": agency.code, "name": agency.name}
    assert _values(report, "received") == {
        "person": 2,
        "research": 1,
        "legal_service": 1,
        "other": 1,
        "total": 5,
    }
    assert _values(report, "carried_in") == {"person": 1, "total": 1}
    assert _values(report, "release") == {"person": 1, "total": 1}
    assert _values(report, "partial") == {"research": 1, "total": 1}
    assert _values(report, "withhold_enforcement_file") == {"person": 1, "total": 1}
    assert _values(report, "withhold_state_secret") == {}
    assert _values(report, "other_no_correction") == {"person": 1, "total": 1}
    assert _values(report, "unable_not_held") == {}
    assert _values(report, "results_total") == {
        "person": 3,
        "research": 1,
        "total": 4,
    }
    assert _values(report, "carried_forward") == {
        "legal_service": 1,
        "other": 1,
        "total": 2,
    }


def test_the_rows_follow_the_national_format(agency, year_2025):
    report = annual_report(year=2025, agency=agency).as_json()
    labels = [row["label"] for row in report["rows"]]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[-1] == "四、结转下年度继续办理"
    assert "1.属于国家秘密" in labels
    assert "8.属于行政查询事项" in labels
    assert "3.补正后申请内容仍不明确" in labels
    assert "5.要求行政机关确认或重新出具已获取信息" in labels
    assert "3.其他" in labels
    assert len(report["rows"]) == 30
    headings = [row["code"] for row in report["rows"] if row["values"] is None]
    assert headings == ["results", "withhold", "unable", "not_processed", "other"]
    assert [c["label"] for c in report["columns"]] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


def test_the_next_year_carries_in_what_this_one_carried_forward(agency, year_2025):
    with time_machine.travel(dt.datetime(2026, 2, 1, tzinfo=CHINA)):
        report = annual_report(year=2026, agency=agency).as_json()
    assert _values(report, "carried_in") == {"legal_service": 1, "other": 1, "total": 2}
    assert _values(report, "unable_not_held") == {"legal_service": 1, "total": 1}


def test_without_an_agency_every_agency_counts(year_2025):
    report = annual_report(year=2025).as_json()
    assert report["agency"] == {"code": None, "name": "全部机关"}
    assert _values(report, "received")["total"] == 6
    assert _values(report, "release") == {"person": 2, "total": 2}


def test_review_figures_are_kept_and_totalled(agency, sample_agencies, disclosure_head):
    review_figures_save(
        agency=agency,
        year=2025,
        figures={"review": {"upheld": 2, "pending": 1}, "suit_direct": {"other": 1}},
        by=disclosure_head,
    )
    review_figures_save(
        agency=sample_agencies[1],
        year=2025,
        figures={"review": {"corrected": 4}},
        by=disclosure_head,
    )
    figures = annual_report(year=2025, agency=agency).as_json()["review"]["figures"]
    assert figures["review"] == {
        "upheld": 2,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 3,
    }
    assert figures["suit_direct"]["total"] == 1
    assert figures["suit_after_review"]["total"] == 0
    everyone = annual_report(year=2025).review
    assert everyone["review"]["total"] == 7


def test_a_review_figure_that_is_no_count_is_refused(agency, disclosure_head):
    with pytest.raises(ValidationError, match="行政复议“结果维持”应为 0 到"):
        review_figures_save(
            agency=agency,
            year=2025,
            figures={"review": {"upheld": -1}},
            by=disclosure_head,
        )
