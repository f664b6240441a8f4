"""device_import / device_export: the register as a CSV file."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.devices.models import Device, DeviceStatus
from dossiers.devices.registers import HEADERS, DeviceImportError, device_import
from tests.dossiers.devices.factories import make_person
from tests.dossiers.factories import make_agency

pytestmark = pytest.mark.django_db

HEADER = ",".join(HEADERS)


def _csv(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode("utf-8-sig")


@pytest.fixture
def agency():
    return make_agency()


def test_a_register_is_imported_and_reimporting_it_changes_nothing(agency):
    keeper = make_person("王芳")
    data = _csv(
        f"{agency.code},ZFJLY-0001,执法记录仪,DSJ-V9,SN001,执法一科,在用,"
        f"{keeper.username},",
        f"{agency.code},LYB-0001,录音笔,,,执法二科,维修,,待修",
    )
    first = device_import(data=data)
    assert first.created == ["ZFJLY-0001", "LYB-0001"]
    camera = Device.objects.get(code="ZFJLY-0001")
    assert (camera.kind, camera.section, camera.custodian) == (
        "body_camera",
        "执法一科",
        keeper,
    )
    assert Device.objects.get(code="LYB-0001").status == DeviceStatus.REPAIR
    again = device_import(data=data)
    assert again.unchanged == ["ZFJLY-0001", "LYB-0001"]
    assert Device.objects.count() == 2


def test_a_row_updates_the_device_with_its_agency_and_code(agency):
    device_import(data=_csv(f"{agency.code},ZFJLY-0001,执法记录仪,,,,在用,,"))
    report = device_import(data=_csv(f"{agency.code},ZFJLY-0001,执法记录仪,,,,停用,,"))
    assert report.updated == ["ZFJLY-0001"]
    assert Device.objects.get().status == DeviceStatus.DISABLED


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_imported(
    agency,
):
    data = _csv(
        f"{agency.code},ZFJLY-0001,执法记录仪,,,,在用,,",
        f"{agency.code},ZFJLY-0002,对讲机,,,,在用,,",
        "999999999999999999,ZFJLY-0003,相机,,,,在用,,",
        f"{agency.code},ZFJLY-0004,相机,,,,丢失,nobody,",
        f"{agency.code},ZFJLY-0001,相机,,,,在用,,",
    )
    with pytest.raises(DeviceImportError) as refused:
        device_import(data=data)
    assert [str(e) for e in refused.value.errors] == [
        "第 3 行“设备类型”列：应为执法记录仪、相机、摄像机、录音笔、其他之一。",
        "第 4 行“机关统一社会信用代码”列：没有该统一社会信用代码的机关。",
        "第 5 行“状态”列：应为在用、维修、停用、报废之一。",
        "第 5 行“专门管理人员”列：没有用户名为 nobody 的用户。",
        "第 6 行“设备编号”列：与第 2 行重复。",
    ]
    assert not Device.objects.exists()


def test_a_file_without_its_columns_or_not_in_utf8_is_refused(agency):
    with pytest.raises(DeviceImportError, match="第 1 行“设备类型”列：缺少该列"):
        device_import(data="机关统一社会信用代码,设备编号\n".encode())
    with pytest.raises(DeviceImportError, match="不是 UTF-8"):
        device_import(data=HEADER.encode("gbk"))


def test_the_commands_export_what_they_import(agency, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes(_csv(f"{agency.code},ZFJLY-0001,摄像机,HDR-1,,执法一科,在用,,"))
    call_command("device_import", str(source))
    assert "新增 1 台" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    call_command("device_export", str(out), "--agency", agency.code)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
    assert f"{agency.code},ZFJLY-0001,摄像机,HDR-1,,执法一科,在用,," in data.decode(
        "utf-8-sig"
    )
    assert device_import(data=data).unchanged == ["ZFJLY-0001"]


def test_the_import_command_names_each_bad_row(agency, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(_csv(f"{agency.code},,执法记录仪,,,,在用,,"))
    with pytest.raises(CommandError, match="第 2 行“设备编号”列"):
        call_command("device_import", str(source))
