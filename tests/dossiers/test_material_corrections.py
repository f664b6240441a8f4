"""Correcting a material's 著录信息: validated, logged, findings recomputed,
the file untouched, refused on a sealed dossier."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from dossiers.models import CaseEvent, EventType
from dossiers.rules import case_check
from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal
from dossiers.services.materials import material_metadata_correct
from dossiers.signals import case_changed
from tests.dossiers.factories import add_av, add_material, make_case

pytestmark = pytest.mark.django_db
REASON = "经核对录像内容，该录像为现场检查全过程"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("corrector")


@pytest.fixture
def case():
    case = make_case()
    add_material(case, "现场检查笔录", activity="on_site_inspection")
    add_av(
        case,
        "other",
        recorded_from="2025-03-11T09:00:00+08:00",
        recorded_to="2025-03-11T09:40:00+08:00",
        proves="执法过程",
    )
    return case


def video_of(case):
    return case.materials.get(form="video")


def blocking_codes(case):
    return {f.code for f in case_check(case) if f.blocking}


def test_linking_the_recording_clears_the_blocking_finding_and_is_logged(case, user):
    assert "av_missing" in blocking_codes(case)
    video = video_of(case)
    digest, path = video.digest, video.path
    heard = []
    case_changed.connect(lambda **kw: heard.append(kw["case"].pk), weak=False)
    material_metadata_correct(
        material=video,
        changes={"activity": "on_site_inspection"},
        reason=REASON,
        user=user,
    )
    video.refresh_from_db()
    assert video.activity == "on_site_inspection"
    assert (video.digest, video.path) == (digest, path)
    assert "av_missing" not in blocking_codes(case)
    event = CaseEvent.objects.get(case=case, event_type=EventType.METADATA_CORRECTED)
    assert event.linking_agent_user == user
    assert event.event_outcome_detail["before"] == {"activity": "other"}
    assert event.event_outcome_detail["after"] == {"activity": "on_site_inspection"}
    assert event.event_outcome_detail["reason"] == REASON
    # The material by its 件号 and path, which a rebuild keeps; not its row id.
    assert event.event_outcome_detail["sequence"] == video.sequence
    assert "material" not in event.event_outcome_detail
    assert "av_missing" not in {
        f["code"] for f in event.event_outcome_detail["findings"]
    }
    assert "执法环节由“其他”改为“现场检查(勘验)”" in event.event_detail
    assert case.pk in heard


def test_correcting_times_is_stored_with_an_offset(case, user):
    video = video_of(case)
    material_metadata_correct(
        material=video,
        changes={
            "av.recorded_from": "2025-03-10T09:00",
            "av.recorded_to": "2025-03-10T09:50",
        },
        reason="录像时间按设备日志更正",
        user=user,
    )
    video.refresh_from_db()
    assert video.av["recorded_from"] == "2025-03-10T09:00:00+08:00"
    assert video.av["recorded_to"] == "2025-03-10T09:50:00+08:00"
    assert video.av["device"] == "ZFJLY-0001"  # the other AV fields are kept


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"activity": "on_site_inspection"}, "  ", "须说明理由"),
        ({"digest": "0" * 64}, REASON, "不能更正字段"),
        ({"activity": "picnic"}, REASON, "不在规定的代码表中"),
        ({"av.recorded_from": "昨天上午"}, REASON, "不是有效的时间"),
        ({"av.recorded_from": "2025-03-11T10:00"}, REASON, "不能晚于录制结束时间"),
        ({"activity": "other"}, REASON, "没有需要更正的内容"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    case, user, changes, reason, message
):
    video = video_of(case)
    with pytest.raises(ValidationError, match=message):
        material_metadata_correct(
            material=video, changes=changes, reason=reason, user=user
        )
    video.refresh_from_db()
    assert video.activity == "other"
    assert video.av["recorded_from"] == "2025-03-11T09:00:00+08:00"
    assert not case.events.filter(event_type=EventType.METADATA_CORRECTED).exists()


def test_av_fields_only_on_recordings(case, user):
    record = case.materials.get(doc_type="现场检查笔录")
    with pytest.raises(ValidationError, match="不是音像记录"):
        material_metadata_correct(
            material=record,
            changes={"av.proves": "现场检查"},
            reason=REASON,
            user=user,
        )


def test_sealed_dossier_refuses_until_a_new_version(case, user):
    add_material(case, "结案审批表", stage="archiving")
    dossier = dossier_assemble(case=case, user=user)
    dossier.compiler = "李立卷"
    dossier.save()
    sealed = dossier_seal(dossier=dossier, user=user, override_reason="待补正")
    video = video_of(case)
    with pytest.raises(ValidationError, match="已封存"):
        material_metadata_correct(
            material=video,
            changes={"activity": "on_site_inspection"},
            reason=REASON,
            user=user,
        )
    dossier_new_version(dossier=sealed, user=user, reason="更正录像著录信息")
    material_metadata_correct(
        material=video,
        changes={"activity": "on_site_inspection"},
        reason=REASON,
        user=user,
    )
    video.refresh_from_db()
    assert video.activity == "on_site_inspection"
