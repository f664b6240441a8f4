"""Agencies: registration, corrections, merging, and the database's own guards."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dossiers.models import Agency, AgencyChange, Case, Dossier
from dossiers.services import (
    agency_merge,
    agency_register,
    agency_update,
    dossier_assemble,
    dossier_seal,
)
from tests.dossiers.factories import make_agency, make_case

CODE = "11430405MB7777777A"


def test_a_registered_agency_has_its_registration_recorded(db, django_user_model):
    admin = django_user_model.objects.create_user("admin")
    agency = agency_register(
        name="珠晖区交通运输局", code=CODE, fonds="J050", user=admin
    )
    change = agency.changes.get()
    assert (change.kind, change.user, change.after["fonds"]) == (
        "registered",
        admin,
        "J050",
    )


@pytest.mark.parametrize(
    ("code", "fonds", "field", "named"),
    [
        ("11430405MB1234567X", "J050", "code", "衡阳市珠晖区应急管理局"),
        (CODE, "J031", "fonds", "11430405MB1234567X"),
    ],
)
def test_a_taken_code_or_fonds_is_refused_naming_its_holder(
    db, code, fonds, field, named
):
    with pytest.raises(ValidationError) as refused:
        agency_register(name="另一个机关", code=code, fonds=fonds)
    assert named in refused.value.message_dict[field][0]
    assert not Agency.objects.filter(name="另一个机关").exists()


def test_fonds_and_dossier_numbers_are_unique_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="误建机关", code=CODE, fonds="J031")
    first = dossier_assemble(case=make_case())
    second = dossier_assemble(case=make_case())
    for field in ("archival_code", "archive_number"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Dossier.objects.filter(pk=second.pk).update(
                **{field: getattr(first, field)}
            )


def test_archive_numbers_run_across_agencies(db):
    numbers = {dossier_assemble(case=make_case()).archive_number for _ in range(3)}
    assert numbers == {"20250001", "20250002", "20250003"}


def test_a_code_correction_needs_a_reason_and_is_logged(db, django_user_model):
    admin = django_user_model.objects.create_user("admin")
    agency = make_agency()
    with pytest.raises(ValidationError, match="理由"):
        agency_update(agency=agency, user=admin, code=CODE)
    agency.refresh_from_db()
    agency_update(agency=agency, user=admin, code=CODE, reason="登记时抄错一位")
    change = agency.changes.get(kind="code_corrected")
    assert change.after["code"] == CODE and change.reason == "登记时抄错一位"
    assert Agency.objects.get(pk=agency.pk).code == CODE


def test_a_merge_moves_cases_renumbers_only_drafts_and_is_in_each_history(
    db, django_user_model
):
    admin = django_user_model.objects.create_user("admin")
    right, mistaken = make_agency(), make_agency()
    dossier_assemble(case=make_case(right))
    sealed_case, draft_case = make_case(mistaken), make_case(mistaken)
    sealed = dossier_seal(
        dossier=dossier_assemble(case=sealed_case), user=admin, override_reason="测试"
    )
    draft = dossier_assemble(case=draft_case)

    result = agency_merge(mistaken=mistaken, into=right, user=admin, reason="重复登记")

    assert result.cases == 2
    assert set(Case.objects.filter(agency=right)) >= {sealed_case, draft_case}
    sealed.refresh_from_db()
    draft.refresh_from_db()
    assert sealed.archival_code.startswith(mistaken.fonds)  # sealed: untouched
    assert draft.archival_code.startswith(right.fonds)
    assert draft_case.events.filter(event_type="agency_merged").exists()
    assert Agency.objects.get(pk=mistaken.pk).merged_into == right
    assert AgencyChange.objects.filter(kind="merged").count() == 2


def test_a_merge_that_would_duplicate_a_case_number_changes_nothing(db):
    right, mistaken = make_agency(), make_agency()
    make_case(right, case_number="珠应急罚〔2025〕1号")
    make_case(mistaken, case_number="珠应急罚〔2025〕1号")
    with pytest.raises(ValidationError, match="珠应急罚〔2025〕1号"):
        agency_merge(mistaken=mistaken, into=right, user=None, reason="重复登记")
    assert mistaken.cases.count() == 1
    assert Agency.objects.get(pk=mistaken.pk).merged_into is None
