"""`manage.py device_import FILE.csv [--json]`: load the device register."""

from pathlib import Path

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "从 CSV 文件导入现场执法记录设备登记（按机关和设备编号新增或更新）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV 文件（UTF-8，中文表头）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, file: Path, json: bool, **options):
        from dossiers.devices.registers import DeviceImportError, device_import

        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from exc
        try:
            report = device_import(data=data)
        except DeviceImportError as exc:
            if json:
                errors = [e.__dict__ for e in exc.errors]
                self.write_json(
                    {"file": str(file), "imported": False, "errors": errors}
                )
            raise CommandError(f"{file} 未导入任何设备：\n{exc}") from exc
        if json:
            self.write_json({"file": str(file), "imported": True, **report.as_dict()})
            return
        self.stdout.write(
            f"新增 {len(report.created)} 台，更新 {len(report.updated)} 台，"
            f"未变 {len(report.unchanged)} 台。"
        )
