"""设置 › 岗位: roles given and taken in the admin, as `archive_user` does."""

from django.urls import reverse

from access_control.models import Membership, Role


def test_sysadmin_gives_and_takes_a_section_head_role(
    client, ingested_case, person_with_role
):
    agency = ingested_case.agency
    admin = person_with_role("sysadmin", agency, Role.SYSADMIN)
    person = person_with_role("zhang")
    client.force_login(admin)
    form = {"user": person.pk, "agency": agency.pk, "role": Role.SECTION_HEAD}
    refused = client.post(reverse("membership:add"), form)
    assert "科室负责人须填写科室" in refused.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    client.post(reverse("membership:add"), form | {"department": "法制科"})
    membership = Membership.objects.get(user=person)
    assert membership.department == "法制科"
    assert person.groups.filter(name="科室负责人").exists()
    listing = client.get(reverse("membership:index")).content.decode()
    assert "zhang" in listing and "科室负责人" in listing
    client.post(reverse("membership:delete", args=[membership.pk]))
    assert not Membership.objects.filter(user=person).exists()
    assert not person.groups.filter(name="科室负责人").exists()


def test_an_officer_cannot_hand_out_roles(client, ingested_case, person_with_role):
    officer = person_with_role("officer", ingested_case.agency, Role.OFFICER)
    client.force_login(officer)
    response = client.get(reverse("membership:add"))
    assert response.status_code in (302, 403)
    assert not Membership.objects.exclude(user=officer).exists()


def test_nobody_gives_themselves_a_role(client, ingested_case, person_with_role):
    agency = ingested_case.agency
    admin = person_with_role("sysadmin", agency, Role.SYSADMIN)
    client.force_login(admin)
    form = {"user": admin.pk, "agency": agency.pk, "role": Role.ARCHIVIST}
    refused = client.post(reverse("membership:add"), form)
    assert "不能为本人设置或更改岗位" in refused.content.decode()
    assert not Membership.objects.filter(user=admin, role=Role.ARCHIVIST).exists()
