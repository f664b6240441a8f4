"""Truncation of the access log is detected: the head, signed checkpoints and
the anchors that packages and disc manifests carry (issue #10 item 5)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from access_control.checkpoints import access_log_anchor, access_log_checkpoint_sign
from access_control.models import (
    AccessAction,
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogHead,
)
from access_control.services import (
    AccessLogDamaged,
    access_log_record,
    access_log_verify,
)

# These tests tamper as someone with database access would, triggers dropped.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_triggers")]


def _write(user, n):
    for i in range(n):
        access_log_record(user=user, action=AccessAction.VIEW_CASE, reason=f"第{i}次")


def _remove_after(sequence: int) -> None:
    # As someone with database access would: drop the newest entries and make
    # the head agree with what is left, so the chain alone looks whole.
    AccessLogEntry._base_manager.filter(sequence__gt=sequence).delete()
    last = AccessLogEntry.objects.order_by("-sequence").first()
    AccessLogHead.objects.filter(pk=1).update(
        last_sequence=last.sequence if last else 0,
        last_hash=last.entry_hash if last else "0" * 64,
    )


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader")


def test_deleting_the_head_row_is_detected_and_reads_stop(reader):
    _write(reader, 3)
    AccessLogHead.objects.all().delete()
    report = access_log_verify()
    assert not report.ok and "日志头记录缺失" in report.message
    with pytest.raises(AccessLogDamaged):
        access_log_record(user=reader, action=AccessAction.VIEW_CASE)
    assert AccessLogEntry.objects.count() == 3


def test_a_read_with_a_damaged_head_gets_503_with_the_reason(
    client, archivist, ingested_case
):
    AccessLogHead.objects.all().delete()
    access_log_record(user=archivist, action=AccessAction.VIEW_CASE)  # fresh log
    AccessLogHead.objects.update(last_sequence=0, last_hash="0" * 64)
    material = ingested_case.materials.get(sequence=1)
    client.force_login(archivist)
    response = client.get(
        reverse("access_control:material_content", args=[material.pk]) + "?purpose=审核"
    )
    assert response.status_code == 503
    assert "访问日志头记录缺失或与最后一条日志不符" in response.content.decode()


def test_deleting_the_newest_entries_and_the_head_is_detected(reader):
    _write(reader, 5)
    access_log_checkpoint_sign()
    AccessLogEntry._base_manager.filter(sequence__gt=3).delete()
    AccessLogHead.objects.all().delete()
    report = access_log_verify()
    assert not report.ok and "日志头记录缺失" in report.message


def test_entries_removed_after_a_checkpoint_are_detected(reader):
    _write(reader, 5)
    access_log_checkpoint_sign()
    _write(reader, 2)
    _remove_after(3)
    report = access_log_verify()
    assert not report.ok
    assert "截断" in report.message


def test_truncating_and_resetting_the_head_is_detected(reader):
    _write(reader, 5)
    access_log_checkpoint_sign()
    _remove_after(0)
    report = access_log_verify()
    assert not report.ok and "截断" in report.message
    with pytest.raises(CommandError, match="截断"):
        call_command("access_log_verify")


def test_a_replaced_checkpointed_entry_is_detected(reader):
    _write(reader, 3)
    access_log_checkpoint_sign()
    _remove_after(2)
    _write(reader, 1)  # a new entry 3 with another hash
    report = access_log_verify()
    assert not report.ok and "已不存在或已被替换" in report.message


def test_a_checkpoint_signed_by_another_key_is_refused(reader, settings):
    _write(reader, 2)
    settings.ACCESS_LOG_SIGNING_KEY = "B" * 43 + "="
    access_log_checkpoint_sign()
    settings.ACCESS_LOG_SIGNING_KEY = "A" * 43 + "="
    report = access_log_verify()
    assert not report.ok and "签名无效" in report.message


def test_intact_log_verifies_with_its_checkpoints(reader, capsys):
    _write(reader, 2)
    call_command("access_log_checkpoint")
    assert "已签署访问日志检查点：截至第 2 条" in capsys.readouterr().out
    _write(reader, 2)
    call_command("access_log_verify")
    out = capsys.readouterr().out
    assert "访问日志完好：共 4 条，哈希链连续。" in out
    assert "签名检查点 1 个" in out


def test_checkpoint_without_a_key_names_the_setting(reader, settings):
    settings.ACCESS_LOG_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="ACCESS_LOG_SIGNING_KEY"):
        call_command("access_log_checkpoint")
    assert not AccessLogCheckpoint.objects.exists()


def test_a_disc_manifest_anchor_the_log_no_longer_contains(reader, tmp_path):
    _write(reader, 4)
    access_log_checkpoint_sign()
    manifest = tmp_path / "disc-manifest.json"
    manifest.write_text(json.dumps({"access_log_anchor": access_log_anchor()}))
    assert access_log_verify(manifests=[manifest]).anchors == 1
    # Remove the entries and every checkpoint: only the disc still knows.
    AccessLogCheckpoint._base_manager.all().delete()
    _remove_after(1)
    with pytest.raises(CommandError, match=r"光盘清单 disc-manifest\.json"):
        call_command("access_log_verify", "--manifest", str(manifest))


def test_a_package_carries_the_anchor_and_outlives_a_truncated_log(
    ingested_case, archivist
):
    from dossiers.services import dossier_assemble, dossier_seal
    from preservation.models import PackageLocation
    from preservation.services.aips import package_path, package_write

    _write(archivist, 3)
    checkpoint = access_log_checkpoint_sign()
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    package = package_write(dossier=dossier)
    metadata = package_path(package, PackageLocation.PRIMARY) / (
        "data/metadata/dossier.json"
    )
    anchor = json.loads(metadata.read_text(encoding="utf-8"))["access_log_anchor"]
    assert anchor["sequence"] == checkpoint.sequence
    assert access_log_verify().anchors == 1
    AccessLogCheckpoint._base_manager.all().delete()
    _remove_after(0)
    report = access_log_verify()
    assert not report.ok
    assert f"保存包 {package.identifier}" in report.message


def test_a_burned_disc_carries_the_anchor_in_its_manifest(
    ingested_case, archivist, tmp_path
):
    import io

    import pycdlib

    from dossiers.services import dossier_assemble, dossier_seal
    from preservation.services.aips import package_write
    from preservation.services.discs import disc_plan, disc_write

    _write(archivist, 2)
    access_log_checkpoint_sign()
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    [plan] = disc_plan([package_write(dossier=dossier)], "cd")
    disc = disc_write(plan, out_dir=tmp_path, disc_set="A", burned_by_name="刻录员")
    iso, buffer = pycdlib.PyCdlib(), io.BytesIO()
    iso.open(str(tmp_path / f"{disc.disc_number}.iso"))
    iso.get_file_from_iso_fp(buffer, udf_path="/disc-manifest.json")
    iso.close()
    manifest = tmp_path / "disc-manifest.json"
    manifest.write_bytes(buffer.getvalue())
    assert json.loads(buffer.getvalue())["access_log_anchor"] == access_log_anchor()
    assert access_log_verify(manifests=[manifest]).ok
