"""Dossiers and packages are visible exactly where their case is."""

import pytest
from django.contrib.auth.models import AnonymousUser

from access_control.selectors import dossiers_visible_to, packages_visible_to
from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import Package
from preservation.services.aips import package_write


@pytest.fixture
def package(ingested_case, archivist):
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    return package_write(dossier=dossier)


def test_agency_archivist_sees_the_dossier_and_its_package(archivist, package):
    assert list(dossiers_visible_to(user=archivist)) == [package.dossier]
    assert list(packages_visible_to(user=archivist)) == [package]


@pytest.mark.parametrize("actor", ["other_archivist", "staff_without_role", None])
def test_others_see_neither(request, package, actor):
    user = request.getfixturevalue(actor) if actor else AnonymousUser()
    assert not dossiers_visible_to(user=user).exists()
    assert not packages_visible_to(user=user).exists()


def test_a_given_queryset_is_narrowed_not_replaced(archivist, other_archivist, package):
    others = Package.objects.exclude(pk=package.pk)
    assert not packages_visible_to(user=archivist, queryset=others).exists()
    mine = Package.objects.filter(pk=package.pk)
    assert not packages_visible_to(user=other_archivist, queryset=mine).exists()
    assert packages_visible_to(user=archivist, queryset=mine).get() == package
