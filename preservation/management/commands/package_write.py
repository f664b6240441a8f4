"""`manage.py package_write [--missing] [CASE_NUMBER …]`: write missing packages.

Sealing writes the package by itself, and approving or executing a
disposition batch its 销毁清册 package; this command writes the ones that are
missing (a failed background job, packages from before an upgrade). With
`--missing` that includes every disposition batch whose newest package is
missing or behind its state, and every agency whose retention register
package (holds and 保管期限表) is missing or behind its content. Destroyed
dossiers have no package, by design.
"""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.models import Agency, Dossier, DossierState
from preservation.retention.disposition_package import (
    batch_package_write,
    batch_packages_due,
)
from preservation.retention.register_package import (
    register_package_write,
    register_packages_due,
)
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
        live = sealed.filter(package__isnull=True, destroyed_at__isnull=True)
        todo: list = list(live.order_by("pk"))
        if not case_numbers:
            todo += batch_packages_due()
            todo += register_packages_due()
        failed = 0
        with self.count_progress(quiet=not todo) as bar:
            task = bar.add_task("生成保存包", total=len(todo))
            for item in todo:
                failed += not self._write(item)
                bar.advance(task)
        if failed:
            raise CommandError(f"{failed} 个保存包未能生成。")

    def _write(self, item) -> bool:
        try:
            if isinstance(item, Dossier):
                package = package_write(dossier=item)
            elif isinstance(item, Agency):
                package = register_package_write(agency=item)
            else:
                package = batch_package_write(batch=item)
        except (PackageWriteError, OSError) as exc:
            # One dossier's problem (a damaged or missing original) must
            # not keep the others from getting their packages.
            self.stderr.write(f"{self._name(item)}：{exc}")
            return False
        self.stdout.write(f"{package.identifier} → {package.relative_path}")
        return True

    def _name(self, item) -> str:
        if isinstance(item, Dossier):
            return item.archival_code
        if isinstance(item, Agency):
            return f"{item.name}的保管期限与冻结登记"
        return f"销毁批次 {item.number}"
