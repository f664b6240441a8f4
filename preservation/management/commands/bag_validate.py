"""`manage.py bag_validate PATH [--profile …] [--json]`: pre-check a package.

A thin adapter over `preservation.services.bag_validate.package.bag_validate`,
with the arguments and output of the standalone `bag-validate`.
"""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from preservation.services.bag_validate import cli
from preservation.services.bag_validate.package import bag_validate


class Command(ArchiveCommand):
    help = "校验一个提交包并一次列出全部问题：RFC 8493、提交规范、case.json、四性检测。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, path, profile: str, json: bool, **options):
        report = bag_validate(path, profile=profile != "none")
        self.stdout.write(cli.report_text(report, as_json=json))
        if not report.valid:
            raise CommandError(
                f"提交包未通过校验：{len(report.issues.errors)} 项错误。", returncode=1
            )
