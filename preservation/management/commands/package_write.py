"""`manage.py package_write [--missing] [CASE_NUMBER …]`: write AIPs of sealed dossiers.

Sealing writes the package by itself; this command writes the ones that are
missing (a failed background job, packages from before an upgrade).
"""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.models import Dossier, DossierState
from preservation.services.aips import PackageWriteError, package_write


class Command(ArchiveCommand):
    help = "为已封存的案卷版本生成长期保存包（AIP）；--missing 补写所有缺失的保存包。"

    def add_arguments(self, parser):
        parser.add_argument("case_numbers", nargs="*", help="案号")
        parser.add_argument("--missing", action="store_true", help="所有缺失的保存包")

    def handle(self, *args, case_numbers, missing: bool, **options):
        sealed = Dossier.objects.exclude(state=DossierState.DRAFT)
        if case_numbers:
            sealed = sealed.filter(case__case_number__in=case_numbers)
        elif not missing:
            raise CommandError("请给出案号，或用 --missing。")
        todo = list(sealed.filter(package__isnull=True).order_by("pk"))
        failed = 0
        with self.count_progress(quiet=not todo) as bar:
            task = bar.add_task("生成保存包", total=len(todo))
            for dossier in todo:
                failed += not self._write(dossier)
                bar.advance(task)
        if failed:
            raise CommandError(f"{failed} 个保存包未能生成。")

    def _write(self, dossier: Dossier) -> bool:
        try:
            package = package_write(dossier=dossier)
        except (PackageWriteError, OSError) as exc:
            # One dossier's problem (a damaged or missing original) must
            # not keep the others from getting their packages.
            self.stderr.write(f"{dossier.archival_code}：{exc}")
            return False
        self.stdout.write(f"{package.identifier} → {package.relative_path}")
        return True
