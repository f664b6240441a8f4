"""The disc register in the admin, per actor: superuser, staff without the
archivist role, archivists (whose role holds `preservation.view_disc`)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from preservation.models import Disc, DiscCheck

INDEX = "/admin/disc/"


@pytest.fixture
def disc(db):
    disc = Disc.objects.create(
        disc_number="J031-A-2026-0001",
        disc_set="A",
        media="bd25",
        iso_sha256="a" * 64,
        iso_size=2048,
        burned_on=dt.date(2026, 1, 5),
        burned_by_name="刻录员",
        location="甲库 3 柜 2 层",
        fonds="J031",
        archival_code_from="J031-2025-D30-0001",
        archival_code_to="J031-2025-D30-0009",
        retention="30y",
        file_count=10,
        byte_count=1000,
    )
    DiscCheck.objects.create(
        disc=disc,
        checked_at=timezone.now(),
        outcome="failed",
        via="iso",
        problems=[{"path": "X/data/a.pdf", "message": "文件内容不符。"}],
    )
    return disc


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x")


def test_superuser_sees_the_register_with_the_sampling_column(client, superuser, disc):
    client.force_login(superuser)
    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert disc.disc_number in page
    assert "甲库 3 柜 2 层" in page
    [row] = response.context["object_list"]
    assert row.due_for_sampling  # one disc, never read back from the disc itself


def test_superuser_inspects_contents_and_checks(client, superuser, disc):
    client.force_login(superuser)
    response = client.get(reverse("disc:inspect", args=[disc.pk]))
    assert response.status_code == 200
    assert "X/data/a.pdf" in response.content.decode()


def test_staff_without_the_archivist_role_do_not_see_the_register(
    client, staff_without_role, disc
):
    client.force_login(staff_without_role)
    response = client.get(INDEX)
    assert response.status_code != 200
    assert disc.disc_number not in response.content.decode()


def test_archivists_see_the_register(client, archivist_role, staff_without_role, disc):
    staff_without_role.groups.add(archivist_role)
    client.force_login(staff_without_role)
    assert disc.disc_number in client.get(INDEX).content.decode()
