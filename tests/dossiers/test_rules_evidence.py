"""Rules that use all the evidence: recordings matched by time and 证明对象,
witnesses read from the document, and each finding naming what it used."""

import datetime as dt

import pytest

from dossiers.models import MaterialText, TextStatus
from dossiers.rules import case_check
from tests.dossiers.factories import add_av, add_material, make_case

pytestmark = pytest.mark.django_db
ON_TIME = dt.date(2025, 5, 10)
INSPECTION_TEXT = "现场检查笔录\n检查时间：2025年3月10日9时05分至9时45分\n检查情况：……"


def findings(case, code):
    return [f for f in case_check(case, archived_on=ON_TIME) if f.code == code]


def with_text(material, text):
    MaterialText.objects.create(
        material=material, status=TextStatus.EXTRACTED, pages=[text], extractor="t"
    )
    return material


def inspection(case, text=INSPECTION_TEXT):
    record = add_material(case, "现场检查笔录", activity="on_site_inspection")
    return with_text(record, text) if text else record


def test_untagged_recording_covering_the_inspection_time_satisfies_the_rule():
    case = make_case()
    inspection(case)
    video = add_av(case, "other", proves="执法过程")  # 09:00–09:40, no tag
    assert findings(case, "av_missing") == []
    (inferred,) = findings(case, "av_activity_inferred")
    assert inferred.path == video.path and inferred.severity == "info"
    assert "文字层记载的时间" in inferred.detail["evidence"]


def test_same_day_recording_counts_when_its_subject_names_the_activity():
    case = make_case()
    inspection(case, text="")  # no text layer: only the day is known
    add_av(case, "", proves="现场检查过程")
    assert findings(case, "av_missing") == []
    (inferred,) = findings(case, "av_activity_inferred")
    assert "证明对象为“现场检查过程”" in inferred.detail["evidence"]


def test_a_recording_at_another_time_is_not_evidence_and_the_finding_says_why():
    case = make_case()
    record = inspection(case)
    add_av(
        case,
        "interview",
        recorded_from="2025-03-10T14:00:00+08:00",
        recorded_to="2025-03-10T15:00:00+08:00",
        proves="询问过程",
    )
    (missing,) = findings(case, "av_missing")
    assert missing.path == record.path and missing.severity == "error"
    assert "2025-03-10 09:05至09:45" in missing.detail["evidence"]
    assert findings(case, "av_activity_inferred") == []


def test_same_day_recording_of_something_else_is_not_evidence():
    case = make_case()
    inspection(case, text="")
    add_av(case, "interview", proves="询问过程")
    assert len(findings(case, "av_missing")) == 1


def test_tagged_recording_needs_no_inference():
    case = make_case()
    inspection(case)
    add_av(case, "on_site_inspection")
    assert findings(case, "av_missing") == findings(case, "av_activity_inferred") == []


def served_left(case, **service):
    return add_material(
        case,
        "送达回证",
        stage="service_execution",
        signature_refused=True,
        service={"method": "left_at_residence", "served_on": "2025-03-12", **service},
    )


def test_witness_in_the_service_metadata_counts_for_a_refused_signature():
    case = make_case()
    served_left(case, witness="王某（社区工作人员）")
    assert findings(case, "signature_refused_without_witness") == []
    assert findings(case, "left_at_residence_without_witness") == []
    assert findings(case, "witness_read_from_text") == []


def test_witness_named_only_in_the_text_layer_is_used_and_said_so():
    case = make_case()
    receipt = with_text(
        served_left(case),
        "送达回证\n留置情况：受送达人拒绝签收，送达人邀请见证人古丽娜尔（社区工作人员）到场",
    )
    assert findings(case, "signature_refused_without_witness") == []
    assert findings(case, "left_at_residence_without_witness") == []
    (note,) = findings(case, "witness_read_from_text")
    assert note.path == receipt.path and note.severity == "info"
    assert note.detail["evidence"] == "依据：送达回证文字层中的见证人"
    assert note.detail["witness"] == "古丽娜尔（社区工作人员）"


def test_no_witness_anywhere_blocks_and_names_what_was_checked():
    case = make_case()
    with_text(served_left(case), "送达回证\n见证人（签名）：\n送达人：张伟")
    (missing,) = findings(case, "signature_refused_without_witness")
    assert "文书文字层" in missing.detail["evidence"]
    assert len(findings(case, "left_at_residence_without_witness")) == 1


def test_every_finding_names_the_evidence_it_rests_on():
    case = make_case(major_case=True, hearing_held=True, long_term_triggers=["other"])
    add_material(case, "行政处罚决定书", stage="decision")
    add_material(case, "查封笔录", activity="coercive_measure", path="data/m/05-a.pdf")
    add_av(
        case,
        "coercive_measure",
        continuous=False,
        stored_at="2025-03-20T09:00:00+08:00",
        interruptions=[{"at": "2025-03-10T09:10:00+08:00", "reason": ""}],
    )
    add_material(case, "送达回证", service={"method": "mail"})
    add_material(case, "送达回证", service={"method": "public_notice"})
    add_material(case, "现场检查笔录", activity="on_site_inspection")
    found = case_check(case, archived_on=dt.date(2026, 12, 4))
    assert len({f.code for f in found}) >= 12
    for f in found:
        assert f.detail["evidence"].startswith(("依据：", "已核对")), f
