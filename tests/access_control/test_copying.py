"""Copies under a 复制 grant: made by the archivist, recorded, handed out, logged."""

import datetime as dt
import io
import json
import zipfile
from io import StringIO

import pypdf
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from access_control.consultations import (
    access_grant_revoke,
    access_request_create,
    access_request_decide,
)
from access_control.copying import copies_dir
from access_control.models import (
    AccessAction,
    AccessCopy,
    AccessGrant,
    AccessLogEntry,
    Role,
)
from dossiers.models import CaseEvent
from preservation import files
from preservation.services.storage import object_path

PDF = "02-现场检查笔录.pdf"
PHOTO = "04-现场照片.jpg"


@pytest.fixture
def case(ordinary_case):
    return ordinary_case


@pytest.fixture
def people(case, archivist, person_with_role):
    agency, person = case.agency, person_with_role
    return {
        "officer": person(
            "officer", agency, Role.OFFICER, last_name="王", first_name="五"
        ),
        "colleague": person("colleague", agency, Role.OFFICER),
        "chief": person("chief", agency, Role.CHIEF),
        "archivist": archivist,
    }


def _material(case, name):
    return case.materials.get(path__endswith=name)


def _granted(case, people, kind="copy", **extra):
    request = access_request_create(
        user=people["officer"],
        case=case,
        kind=kind,
        reason="当事人申请复制",
        materials=[_material(case, PDF), _material(case, PHOTO)],
        **extra,
    )
    access_request_decide(
        request=request, user=people["chief"], approve=True, reason="同意"
    )
    return request


def _copy(request_id, out_dir, by="archivist"):
    out = StringIO()
    call_command(
        "access_copy", str(request_id), by=by, out=str(out_dir), json=True, stdout=out
    )
    return json.loads(out.getvalue())


def _downloads():
    return AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD)


def _member(zip_path, suffix) -> bytes:
    with zipfile.ZipFile(zip_path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name)


def _party_copy_approved(case) -> dict:
    """An officer asks a party's copy of the PDF and the photo; the chief agrees."""
    out = StringIO()
    call_command(
        "access_request",
        case.case_number,
        user="officer",
        kind="copy",
        reason="当事人申请复制",
        material=[_material(case, PDF).path, _material(case, PHOTO).path],
        for_party=True,
        json=True,
        stdout=out,
    )
    filed = json.loads(out.getvalue())
    call_command(
        "access_decide", filed["number"], by="chief", approve=True, reason="同意"
    )
    return filed


def test_party_copy_from_request_to_package(case, people, tmp_path):
    filed = _party_copy_approved(case)
    assert filed["rule"].endswith("003 §28")  # the chief's, for a party
    made = _copy(filed["number"], tmp_path / "out")

    assert made["request"] == filed["number"] and made["iso"] is None
    assert made["files"] == 3  # the PDF, the photo, the manifest
    zip_path = tmp_path / "out" / f"复制件-{filed['number']}.zip"
    assert made["zip"] == str(zip_path)
    copy = AccessCopy.objects.get(pk=made["copy"])
    assert copy.sha256 == made["sha256"] == files.digest(zip_path)
    assert copy.size == zip_path.stat().st_size
    pdf = pypdf.PdfReader(io.BytesIO(_member(zip_path, PDF)))
    photo = _member(zip_path, PHOTO)
    for page in pdf.pages:
        for shown in ("复制件", "王五", case.agency.name, filed["number"]):
            assert shown in page.extract_text()
    original_photo = _material(case, PHOTO)
    assert photo != object_path(original_photo.digest).read_bytes()
    entries = list(_downloads().order_by("sequence"))
    assert [e.data["path"] for e in entries] == [
        _material(case, PDF).path,
        original_photo.path,
    ]
    for entry in entries:
        assert entry.username == "archivist" and entry.reason == "当事人申请复制"
        assert entry.data["request"] == filed["number"]
        assert entry.data["copy"] == copy.pk
    for material in case.materials.all():
        assert files.digest(object_path(material.digest)) == material.digest
    event = CaseEvent.objects.filter(case=case, event_detail__contains="制作复制件")
    assert event.get().event_outcome_detail["copy"] == copy.pk


def _view_grant(case, people):
    return _granted(case, people, kind="view")


def _expired(case, people):
    return _granted(case, people)


def _revoked(case, people):
    request = _granted(case, people)
    access_grant_revoke(grant=request.grant, by=people["chief"], reason="当事人撤回")
    return request


@pytest.mark.parametrize(
    ("make", "by", "travel", "says"),
    [
        (_view_grant, "archivist", 0, "是查阅授权"),
        (_expired, "archivist", 8, "已于"),
        (_revoked, "archivist", 0, "已被撤销"),
        (_granted, "colleague", 0, "只能由档案管理员制作"),
    ],
)
def test_refusals_are_one_line_and_leave_nothing(
    case, people, tmp_path, make, by, travel, says
):
    request = make(case, people)
    later = timezone.now() + dt.timedelta(days=travel)
    out_dir = tmp_path / "out"
    with time_machine.travel(later, tick=False), pytest.raises(CommandError) as e:
        _copy(request.number, out_dir, by=by)
    assert says in str(e.value) and "\n" not in str(e.value)
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    assert not AccessCopy.objects.exists() and not _downloads().exists()


def test_a_package_that_cannot_be_made_records_nothing(case, people, tmp_path):
    request = _granted(case, people)
    first = _copy(request.number, tmp_path / "out")
    with pytest.raises(CommandError, match="从不覆盖"):
        _copy(request.number, tmp_path / "out")
    stored = object_path(_material(case, PHOTO).digest)
    stored.chmod(0o644)
    stored.write_bytes(b"bit rot")
    with pytest.raises(CommandError, match="与登记的摘要不符") as caught:
        _copy(request.number, tmp_path / "again")
    assert "\n" not in str(caught.value)
    assert list((tmp_path / "again").iterdir()) == []
    assert [c.pk for c in AccessCopy.objects.all()] == [first["copy"]]
    assert _downloads().count() == 2  # the first copy's two materials


def test_unknown_or_undecided_request_is_refused(case, people, tmp_path):
    with pytest.raises(CommandError, match="没有申请 CY2026-99999"):
        _copy("CY2026-99999", tmp_path / "out")
    pending = access_request_create(
        user=people["officer"], case=case, kind="copy", reason="复核"
    )
    with pytest.raises(CommandError, match="待审批"):
        _copy(pending.pk, tmp_path / "out")
    assert not (tmp_path / "out").exists() and not AccessCopy.objects.exists()


def test_download_is_logged_and_only_for_requester_and_custodian(client, case, people):
    request = _granted(case, people)
    made = _copy(request.pk, copies_dir(request.number))
    url = reverse("access_control:copy_download", args=[made["copy"]])

    client.force_login(people["officer"])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        files.content_digests(b"".join(response.streaming_content), ("sha256",))[
            "sha256"
        ]
        == made["sha256"]
    )
    entry = _downloads().filter(username="officer").get()
    assert entry.data == {"copy": made["copy"], "request": request.number}
    assert entry.reason == "当事人申请复制"

    client.force_login(people["colleague"])
    assert client.get(url).status_code == 404
    denied = AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, username="colleague"
    )
    assert denied.get().reason == "无下载该复制件的权限"

    until = AccessGrant.objects.get(request=request).until
    later = timezone.make_aware(dt.datetime.combine(until, dt.time(12)))
    with time_machine.travel(later + dt.timedelta(days=1), tick=False):
        client.force_login(people["officer"])
        assert client.get(url).status_code == 404
        client.force_login(people["archivist"])
        asked = client.get(url)  # a custodian gives a 事由 of their own first
        assert asked.status_code == 403 and "查阅事由" in asked.content.decode()
        assert client.get(url + "?purpose=移交").status_code == 200
    custodian = _downloads().get(username="archivist", data__custodian=True)
    assert custodian.reason == "移交" and custodian.data["custodian"] is True

    client.logout()
    assert client.get(url).status_code == 403


def test_only_the_archive_s_own_unaltered_copy_is_served(client, case, people):
    request = _granted(case, people)
    elsewhere = _copy(request.number, copies_dir("elsewhere"))
    client.force_login(people["officer"])
    url = reverse("access_control:copy_download", args=[elsewhere["copy"]])
    assert client.get(url).status_code == 404
    kept = _copy(request.pk, copies_dir(request.number))
    stored = copies_dir(request.number) / f"复制件-{request.number}.zip"
    stored.write_bytes(b"not the package")
    url = reverse("access_control:copy_download", args=[kept["copy"]])
    assert client.get(url).status_code == 404
    reasons = AccessLogEntry.objects.filter(action=AccessAction.DENIED).order_by(
        "sequence"
    )
    assert list(reasons.values_list("reason", flat=True)) == [
        "复制件未保存在档案系统中",
        "复制件与登记的摘要不符",
    ]
    assert not _downloads().filter(username="officer").exists()
