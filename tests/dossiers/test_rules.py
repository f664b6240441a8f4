"""Every regulation rule, with a case that passes and one that fails."""

import datetime as dt

import pytest

from dossiers.rules import RULES, case_check
from tests.dossiers.factories import add_av, add_material, make_agency, make_case

pytestmark = pytest.mark.django_db
ON_TIME = dt.date(2025, 5, 10)


def codes(case, archived_on=ON_TIME):
    return {f.code for f in case_check(case, archived_on=archived_on)}


def finding(case, code, archived_on=ON_TIME):
    return next(f for f in case_check(case, archived_on=archived_on) if f.code == code)


def test_every_rule_names_its_article_and_a_chinese_message():
    assert len(RULES) >= 15
    for rule in RULES:
        assert rule.article and rule.severity in {"error", "warning", "info"}


@pytest.mark.parametrize(
    "activity",
    [
        "on_site_inspection",
        "sampling",
        "hearing",
        "evidence_preservation",
        "coercive_measure",
    ],
)
def test_av_required_for_disputed_steps(activity):
    case = make_case()
    record = add_material(case, "现场笔录", activity=activity)
    found = finding(case, "av_missing")
    assert found.severity == "error" and found.path == record.path
    assert "001 §16" in found.article
    add_av(case, activity)
    assert "av_missing" not in codes(case)


def test_a_photo_is_not_enough_for_an_inspection_but_is_for_a_posted_notice():
    case = make_case()
    add_material(case, "现场检查笔录", activity="on_site_inspection")
    add_av(case, "on_site_inspection", form="photo")
    assert "av_missing" in codes(case)
    notice = make_case()
    add_material(
        notice,
        "送达回证",
        service={
            "method": "public_notice",
            "served_on": "2025-04-01",
            "reason": "下落不明",
        },
    )
    assert "av_missing" in codes(notice)
    add_av(notice, "service_public_notice", form="photo")
    assert "av_missing" not in codes(notice)


def test_coercive_measures_must_be_recorded_continuously():
    case = make_case()
    add_material(case, "查封扣押笔录", activity="coercive_measure")
    add_av(case, "coercive_measure", continuous=False)
    assert finding(case, "av_not_continuous").severity == "error"
    fixed = make_case()
    add_material(fixed, "查封扣押笔录", activity="coercive_measure")
    add_av(fixed, "coercive_measure", continuous=True)
    assert "av_not_continuous" not in codes(fixed)


def test_inspection_gap_is_only_a_warning():
    case = make_case()
    add_material(case, "现场检查笔录", activity="on_site_inspection")
    add_av(case, "on_site_inspection", continuous=False)
    assert finding(case, "av_not_continuous_advised").severity == "warning"


def test_av_stored_after_24_hours():
    case = make_case()
    late = add_av(case, "interview", stored_at="2025-03-11T10:00:00+08:00")
    found = finding(case, "av_stored_late")
    assert found.path == late.path and "24小时" in found.message
    ok = make_case()
    add_av(ok, "interview", stored_at="2025-03-11T09:00:00+08:00")
    assert "av_stored_late" not in codes(ok)


def test_returning_from_remote_work_gives_24_hours_from_return():
    case = make_case()
    add_av(
        case,
        "interview",
        stored_at="2025-03-13T10:00:00+08:00",
        returned_at="2025-03-12T18:00:00+08:00",
    )
    assert "av_stored_late" not in codes(case)


def test_two_working_days_count_chinese_holidays_and_make_up_days():
    # Recorded Monday 2025-09-29; 10-01..10-08 is the National Day holiday and
    # Saturday 10-11 a 调休 make-up working day: two working days end on 09-30
    # and 10-09, so storing on 10-09 is on time and on 10-10 is late.
    agency = make_agency(av_upload_deadline="2wd")
    on_time = make_case(agency)
    add_av(
        on_time,
        "interview",
        recorded_from="2025-09-29T09:00:00+08:00",
        recorded_to="2025-09-29T10:00:00+08:00",
        stored_at="2025-10-09T20:00:00+08:00",
    )
    assert "av_stored_late" not in codes(on_time, dt.date(2025, 10, 20))
    late = make_case(agency)
    add_av(
        late,
        "interview",
        recorded_from="2025-09-29T09:00:00+08:00",
        recorded_to="2025-09-29T10:00:00+08:00",
        stored_at="2025-10-10T08:00:00+08:00",
    )
    assert "2个工作日" in finding(late, "av_stored_late", dt.date(2025, 10, 20)).message


def test_make_up_sunday_counts_as_a_working_day():
    # Sunday 2025-09-28 is a make-up working day: a Friday (09-26) recording is
    # due at the end of Monday 09-29 (Sat off, Sun 09-28 work = day 1, Mon = 2).
    agency = make_agency(av_upload_deadline="2wd")
    case = make_case(agency)
    add_av(
        case,
        "interview",
        recorded_from="2025-09-26T09:00:00+08:00",
        recorded_to="2025-09-26T10:00:00+08:00",
        stored_at="2025-09-30T08:00:00+08:00",
    )
    assert "av_stored_late" in codes(case, dt.date(2025, 10, 20))


def test_interruption_needs_a_reason():
    case = make_case()
    add_av(
        case,
        "interview",
        interruptions=[{"at": "2025-03-10T09:10:00+08:00", "reason": ""}],
    )
    assert finding(case, "av_interruption_unexplained").article == "001 §20；000 §15"
    ok = make_case()
    add_av(
        ok,
        "interview",
        interruptions=[
            {"at": "2025-03-10T09:10:00+08:00", "reason": "设备电量耗尽，更换电池"}
        ],
    )
    assert "av_interruption_unexplained" not in codes(ok)


def test_major_case_needs_legal_review_and_collective_discussion():
    case = make_case(major_case=True)
    assert {
        "major_case_without_legal_review",
        "major_case_without_collective_discussion",
    } <= codes(case)
    add_material(case, "法制审核意见书", stage="decision")
    add_material(case, "集体讨论记录", stage="decision")
    assert not {
        "major_case_without_legal_review",
        "major_case_without_collective_discussion",
    } & codes(case)


def test_decision_needs_its_service_receipt():
    case = make_case()
    decision = add_material(
        case, "行政处罚决定书", stage="decision", date=dt.date(2025, 4, 1)
    )
    assert finding(case, "decision_not_served").path == decision.path
    add_material(
        case,
        "送达回证",
        stage="service_execution",
        date=dt.date(2025, 4, 2),
        service={"method": "direct", "served_on": "2025-04-02"},
    )
    assert "decision_not_served" not in codes(case)


def test_left_at_residence_needs_a_witness():
    case = make_case()
    add_material(
        case,
        "送达回证",
        service={"method": "left_at_residence", "served_on": "2025-04-02"},
    )
    assert "left_at_residence_without_witness" in codes(case)
    ok = make_case()
    add_material(
        ok,
        "送达回证",
        service={
            "method": "left_at_residence",
            "served_on": "2025-04-02",
            "witness": "村委会王某",
        },
    )
    assert "left_at_residence_without_witness" not in codes(ok)


def test_public_notice_needs_the_reason_other_methods_failed():
    case = make_case()
    add_material(
        case, "送达回证", service={"method": "public_notice", "served_on": "2025-04-02"}
    )
    assert "public_notice_without_reason" in codes(case)


def test_refused_signature_needs_a_witness():
    case = make_case()
    add_material(case, "询问笔录", signature_refused=True)
    assert "signature_refused_without_witness" in codes(case)
    ok = make_case()
    add_material(ok, "询问笔录", signature_refused=True, witness="社区干部李某")
    assert "signature_refused_without_witness" not in codes(ok)


def test_document_time_must_match_the_recording():
    case = make_case()
    add_material(
        case, "现场检查笔录", activity="on_site_inspection", date=dt.date(2025, 3, 12)
    )
    add_av(case, "on_site_inspection")  # recorded on 2025-03-10
    assert finding(case, "document_time_contradicts_recording").article == "004 §8"
    ok = make_case()
    add_material(
        ok, "现场检查笔录", activity="on_site_inspection", date=dt.date(2025, 3, 10)
    )
    add_av(ok, "on_site_inspection")
    assert "document_time_contradicts_recording" not in codes(ok)


def test_archiving_deadline_is_per_agency():
    strict = make_case(make_agency(archiving_deadline_days=20))
    assert "archived_late" in codes(strict, dt.date(2025, 5, 25))
    lenient = make_case(make_agency(archiving_deadline_days=30))
    assert "archived_late" not in codes(lenient, dt.date(2025, 5, 25))
    assert "archived_late" in codes(lenient, dt.date(2025, 6, 1))


def test_numbering_gaps():
    case = make_case()
    add_material(case, "立案审批表", path="data/materials/01-立案审批表.pdf")
    add_material(case, "询问笔录", path="data/materials/03-询问笔录.pdf")
    assert "缺少第 02 号" in finding(case, "numbering_gap").message


def test_long_term_triggers_are_reported():
    case = make_case(long_term_triggers=["obstruction_or_assault"])
    found = finding(case, "long_term_retention")
    assert found.severity == "info" and found.article == "004 §19"


def test_hearing_held_needs_its_record():
    case = make_case(hearing_held=True)
    assert "hearing_without_record" in codes(case)
    add_material(case, "听证笔录", activity="hearing")
    add_av(case, "hearing")
    assert "hearing_without_record" not in codes(case)


def test_closing_approval():
    case = make_case()
    assert "closing_approval_missing" in codes(case)
    add_material(case, "结案审批表", stage="archiving")
    assert "closing_approval_missing" not in codes(case)
