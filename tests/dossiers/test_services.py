"""Assembling, reordering, sealing and versioning dossiers."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from dossiers.models import Dossier, DossierEntry
from dossiers.services import (
    dossier_assemble,
    dossier_entry_move,
    dossier_new_version,
    dossier_seal,
    dossier_update,
)
from tests.dossiers.factories import add_av, add_material, make_agency, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("archivist")


@pytest.fixture
def case():
    case = make_case()
    add_material(case, "立案审批表", stage="initiation", date=dt.date(2025, 3, 1))
    add_material(case, "询问笔录", pages=3, date=dt.date(2025, 3, 5))
    add_material(
        case,
        "现场照片",
        form="photo",
        media_type="image/jpeg",
        activity="",
        av={
            "recorded_from": "2025-03-05T09:00:00+08:00",
            "recorded_to": "2025-03-05T09:01:00+08:00",
        },
        date=dt.date(2025, 3, 5),
        pages=1,
    )
    add_av(case, "interview")
    add_material(
        case,
        "行政处罚决定书",
        stage="decision",
        pages=2,
        date=dt.date(2025, 4, 1),
        doc_number="测罚决〔2025〕1号",
    )
    add_material(
        case,
        "送达回证",
        stage="service_execution",
        date=dt.date(2025, 4, 2),
        service={"method": "direct", "served_on": "2025-04-02"},
    )
    add_material(case, "结案审批表", stage="archiving", date=dt.date(2025, 4, 30))
    return case


def _pages(dossier):
    return [
        (e.material.doc_type, e.page_label)
        for e in dossier.entries.select_related("material").order_by("sort_order")
    ]


def test_assembly_numbers_pages_from_pdfs_images_and_av_sheets(case, user):
    dossier = dossier_assemble(case=case, user=user)
    assert _pages(dossier) == [
        ("立案审批表", "1"),
        ("询问笔录", "2-4"),
        ("现场照片", "5"),
        ("interview录像", "6"),  # the 音像资料说明 sheet
        ("行政处罚决定书", "7-8"),
        ("送达回证", "9"),
        ("结案审批表", "10"),
    ]
    assert case.events.filter(event_type="dossier_assembled").count() == 1


def test_assembly_gives_archival_code_and_archive_number(case, user):
    dossier = dossier_assemble(case=case, user=user)
    agency = case.agency
    assert dossier.archival_code == f"{agency.fonds}-2025-D30-0001"
    assert dossier.archive_number == "20250001"
    second = make_case(agency)
    add_material(second, "立案审批表")
    assert dossier_assemble(case=second).archive_number == "20250002"


def test_archival_code_pattern_is_per_agency(user):
    agency = make_agency(archival_code_pattern="{fonds}·{year}·{retention}·{number}")
    case = make_case(agency)
    add_material(case, "立案审批表")
    assert dossier_assemble(case=case).archival_code == f"{agency.fonds}·2025·D30·1"


def test_long_term_trigger_makes_it_permanent(user):
    case = make_case(long_term_triggers=["objection_or_complaint"])
    add_material(case, "立案审批表")
    dossier = dossier_assemble(case=case)
    assert dossier.retention == "permanent"
    assert "-Y-" in dossier.archival_code


def test_penalty_template_per_agency_splits_volumes(user):
    case = make_case(make_agency(ordering_template="penalty"))
    add_material(case, "立案审批表", stage="initiation")
    add_material(case, "法制审核意见书", stage="decision", pages=2)
    add_material(case, "结案审批表", stage="archiving")
    dossier = dossier_assemble(case=case)
    volumes = [(e.volume, e.page_label) for e in dossier.entries.order_by("sort_order")]
    assert volumes == [("main", "1"), ("secondary", "1-2"), ("secondary", "3")]


def test_move_renumbers_pages_and_is_an_event(case, user):
    dossier = dossier_assemble(case=case, user=user)
    last = dossier.entries.order_by("sort_order").last()
    dossier_entry_move(entry=last, position=0, user=user)
    assert _pages(dossier)[0] == ("结案审批表", "1")
    assert _pages(dossier)[1] == ("立案审批表", "2")
    event = case.events.get(event_type="dossier_reordered")
    assert event.linking_agent == "archivist"
    assert event.event_outcome_detail["after"][0] == last.material.sequence


def test_move_out_of_range_is_refused(case, user):
    dossier = dossier_assemble(case=case, user=user)
    with pytest.raises(ValidationError, match="超出范围"):
        dossier_entry_move(entry=dossier.entries.first(), position=99, user=user)


def test_seal_with_blocking_findings_needs_a_reason(case, user):
    dossier = dossier_assemble(case=case, user=user)
    with pytest.raises(ValidationError, match="立卷人"):
        dossier_seal(dossier=dossier, user=user)
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"
    sealed = dossier_seal(
        dossier=dossier, user=user, override_reason="立卷人休假，由科长代签"
    )
    assert sealed.state == "sealed" and sealed.override_reason
    override = case.events.get(event_type="dossier_override")
    assert override.event_outcome_detail["reason"] == "立卷人休假，由科长代签"


def test_seal_sets_retention_dates(case, user):
    dossier = dossier_assemble(case=case, user=user)
    dossier_update(dossier=dossier, user=user, compiler="李立卷", checker="王检查")
    sealed = dossier_seal(dossier=dossier, user=user)
    assert sealed.retention_start == dt.date(2026, 1, 1)
    assert sealed.retention_end == dt.date(2055, 12, 31)
    assert sealed.sealed_by == user and sealed.override_reason == ""


def test_permanent_dossier_has_no_end(user):
    case = make_case(long_term_triggers=["other"])
    add_material(case, "立案审批表")
    dossier = dossier_assemble(case=case)
    dossier_update(dossier=dossier, compiler="李立卷")
    sealed = dossier_seal(dossier=dossier, user=user, override_reason="见说明")
    assert sealed.retention_end is None


def _sealed(case, user):
    dossier = dossier_assemble(case=case, user=user)
    dossier_update(dossier=dossier, user=user, compiler="李立卷")
    return dossier_seal(dossier=dossier, user=user)


def test_sealed_dossier_cannot_change_through_services(case, user):
    sealed = _sealed(case, user)
    with pytest.raises(ValidationError, match="已封存"):
        dossier_entry_move(entry=sealed.entries.last(), position=0, user=user)
    with pytest.raises(ValidationError, match="已封存"):
        dossier_update(dossier=sealed, remarks="改")
    with pytest.raises(ValidationError, match="已封存"):
        dossier_seal(dossier=sealed, user=user)


def test_sealed_dossier_cannot_change_through_the_orm(case, user):
    sealed = _sealed(case, user)
    sealed.title = "改过的题名"
    with pytest.raises(ValidationError):
        sealed.save()
    entry = DossierEntry.objects.filter(dossier=sealed).first()
    entry.sort_order = 99
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        Dossier.objects.get(pk=sealed.pk).delete()


def test_new_version_needs_a_reason_and_keeps_the_old_one(case, user):
    sealed = _sealed(case, user)
    with pytest.raises(ValidationError, match="理由"):
        dossier_new_version(dossier=sealed, user=user, reason=" ")
    draft = dossier_new_version(dossier=sealed, user=user, reason="补充遗漏的送达回证")
    assert (draft.version, draft.state, draft.previous) == (2, "draft", sealed)
    assert draft.archival_code == sealed.archival_code
    dossier_entry_move(entry=draft.entries.last(), position=0, user=user)
    assert _pages(Dossier.objects.get(pk=sealed.pk))[0] == ("立案审批表", "1")
    dossier_seal(dossier=draft, user=user)
    assert Dossier.objects.get(pk=sealed.pk).state == "superseded"
    assert case.events.filter(event_type="dossier_versioned").count() == 1


def test_only_one_dossier_per_case_is_assembled(case, user):
    dossier_assemble(case=case, user=user)
    with pytest.raises(ValidationError, match="已组卷"):
        dossier_assemble(case=case, user=user)
