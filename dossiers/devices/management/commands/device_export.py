"""`manage.py device_export FILE.csv [--agency CODE]`: write the register."""

from pathlib import Path

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "将现场执法记录设备登记导出为 CSV 文件（UTF-8 带 BOM，可用 Excel 打开）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="要写入的 CSV 文件")
        parser.add_argument("--agency", help="只导出该统一社会信用代码的机关")

    def handle(self, *args, file: Path, agency: str | None, **options):
        from dossiers.devices.registers import device_export
        from dossiers.devices.selectors import device_list
        from dossiers.models import Agency

        agencies = Agency.objects.all()
        if agency:
            agencies = agencies.filter(code=agency)
            if not agencies.exists():
                raise CommandError(f"没有统一社会信用代码为 {agency} 的机关。")
        devices = device_list(agencies=agencies)
        try:
            file.write_bytes(device_export(devices=devices))
        except OSError as exc:
            raise CommandError(f"无法写入文件 {file}：{exc.strerror}") from exc
        self.stdout.write(f"已导出 {devices.count()} 台设备到 {file}。")
