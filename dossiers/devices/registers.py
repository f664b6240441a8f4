"""The device register as a CSV file (`device_import`, `device_export`).

The file is UTF-8 (a BOM, as Excel writes it, is accepted and written) with
Chinese headers (`HEADERS`). Import checks every row before writing any: a
file with one bad row imports nothing and reports each bad row with its line
number and column. A row updates the device with the same agency and 设备编号
and creates it otherwise, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.devices.models import Device, DeviceKind, DeviceStatus
from dossiers.devices.services import device_register, device_update
from dossiers.devices.tasks import av_compliance_batch
from dossiers.models import Agency
from dossiers.spreadsheets import csv_bytes

# Column → Device field.
HEADERS = {
    "机关统一社会信用代码": "agency",
    "设备编号": "code",
    "设备类型": "kind",
    "型号": "model",
    "序列号": "serial",
    "使用科室": "section",
    "状态": "status",
    "专门管理人员": "custodian",
    "备注": "remarks",
}
REQUIRED = ("机关统一社会信用代码", "设备编号", "设备类型")
COLUMN = {name: header for header, name in HEADERS.items()}
COLUMN_FIELD = {**HEADERS, "": "__all__"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"“{self.column}”列" if self.column else ""
        return f"第 {self.line} 行{where}：{self.message}"


class DeviceImportError(Exception):
    """The file was refused; `errors` says where and why. Nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _choice(choices, text: str) -> str | None:
    """A choice's value from its Chinese label (or its value)."""
    for value, label in choices:
        if text in (value, label):
            return value
    return None


def _read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeviceImportError(
            [RowError(1, "", "文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”。")]
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [h for h in REQUIRED if h not in (reader.fieldnames or [])]
    if missing:
        raise DeviceImportError([RowError(1, h, "缺少该列。") for h in missing])
    rows = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k in HEADERS}
        if any(values.values()):
            rows.append((reader.line_num, values))
    return rows


class _Parser:
    """Turns rows into (line, Device with new values) or row errors."""

    def __init__(self):
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.users: dict = {}
        self.errors: list[RowError] = []
        self.seen: dict[tuple[str, str], int] = {}

    def error(self, line: int, header: str, message: str) -> None:
        self.errors.append(RowError(line, header, message))

    def device(self, line: int, row: dict[str, str]) -> Device | None:
        agency = self.agencies.get(row.get("机关统一社会信用代码", ""))
        if agency is None:
            self.error(line, "机关统一社会信用代码", "没有该统一社会信用代码的机关。")
            return None
        code = row.get("设备编号", "")
        if not self._first(line, agency, code):
            return None
        device = Device.objects.filter(agency=agency, code=code).first()
        device = device or Device(agency=agency, code=code)
        self._fill(line, device, row)
        return device

    def _first(self, line: int, agency: Agency, code: str) -> bool:
        earlier = self.seen.setdefault((agency.code, code), line)
        if earlier != line:
            self.error(line, "设备编号", f"与第 {earlier} 行重复。")
            return False
        return True

    def _fill(self, line: int, device: Device, row: dict[str, str]) -> None:
        kind = _choice(DeviceKind.choices, row.get("设备类型", ""))
        if kind is None:
            labels = "、".join(DeviceKind.labels)
            self.error(line, "设备类型", f"应为{labels}之一。")
        device.kind = kind or ""
        status_text = row.get("状态", "") or DeviceStatus.IN_USE.label
        status = _choice(DeviceStatus.choices, status_text)
        if status is None:
            self.error(line, "状态", f"应为{'、'.join(DeviceStatus.labels)}之一。")
        device.status = status or DeviceStatus.IN_USE
        for name in ("model", "serial", "section", "remarks"):
            setattr(device, name, row.get(COLUMN[name], ""))
        self._custodian(line, device, row.get("专门管理人员", ""))

    def _custodian(self, line: int, device: Device, username: str) -> None:
        if username and username not in self.users:
            users = get_user_model().objects.filter(username=username)
            self.users[username] = users.first()
        device.custodian = self.users.get(username) if username else None
        if username and device.custodian is None:
            self.error(line, "专门管理人员", f"没有用户名为 {username} 的用户。")

    def validate(self, line: int, device: Device) -> None:
        # A column already refused on this line is not reported twice.
        known = {COLUMN_FIELD[e.column] for e in self.errors if e.line == line}
        try:
            device.full_clean(exclude=known, validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(line, COLUMN.get(name, ""), message)


def device_import(*, data: bytes) -> ImportReport:
    """Import a register file (bytes of a CSV with `HEADERS`).

    Raises:
        DeviceImportError: one or more rows are bad; nothing was written.
    """
    parser = _Parser()
    devices = []
    for line, row in _read(data):
        device = parser.device(line, row)
        if device is not None:
            parser.validate(line, device)
            devices.append((line, device))
    if parser.errors:
        raise DeviceImportError(parser.errors)
    return _write(devices)


@transaction.atomic
def _write(devices: list[tuple[int, Device]]) -> ImportReport:
    report = ImportReport()
    errors = []
    with av_compliance_batch():
        for line, device in devices:
            try:
                _save(device, report)
            except ValidationError as exc:
                errors += [RowError(line, "", m) for m in exc.messages]
    if errors:  # raised inside the transaction: every row is rolled back
        raise DeviceImportError(errors)
    return report


def _save(device: Device, report: ImportReport) -> None:
    values = {name: getattr(device, name) for name in HEADERS.values()}
    values.pop("agency"), values.pop("code")
    if device.pk is None:
        device_register(agency=device.agency, code=device.code, **values)
        report.created.append(device.code)
        return
    stored = Device.objects.get(pk=device.pk)
    if all(getattr(stored, name) == value for name, value in values.items()):
        report.unchanged.append(device.code)
        return
    device_update(device=stored, **values)
    report.updated.append(device.code)


def device_export(*, devices) -> bytes:
    """The devices as a register file that `device_import` reads back."""
    rows = [list(HEADERS)]
    for d in devices:
        custodian = d.custodian.get_username() if d.custodian else ""
        rows.append(
            [
                d.agency.code,
                d.code,
                d.get_kind_display(),
                d.model,
                d.serial,
                d.section,
                d.get_status_display(),
                custodian,
                d.remarks,
            ]
        )
    return csv_bytes(rows)
