"""`manage.py dossier_assemble [CASE_NUMBER …] [--all]`: assemble draft dossiers.

Each case is assembled on its own (all or nothing); a case that cannot be
assembled is reported with every material at fault, the others go on, and
the command exits with status 1 at the end.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, case_get
from dossiers.models import Case
from dossiers.services import dossier_assemble


class Command(ArchiveCommand):
    help = (
        "为案件组卷（排列材料、编制页号和卷内目录）；--all 为所有尚未组卷的案件组卷。"
    )

    def add_arguments(self, parser):
        parser.add_argument("case_numbers", nargs="*", help="案号")
        parser.add_argument("--all", action="store_true", help="所有尚未组卷的案件")

    def handle(self, *args, case_numbers, all: bool, **options):
        if not case_numbers and not all:
            raise CommandError("请给出案号，或用 --all。")
        cases = [case_get(number) for number in case_numbers]
        if all:
            cases += list(Case.objects.filter(dossiers__isnull=True).order_by("pk"))
        failed = [case.case_number for case in cases if not self._assemble(case)]
        if failed:
            raise CommandError(f"{len(failed)} 个案件未能组卷：{'、'.join(failed)}。")

    def _assemble(self, case: Case) -> bool:
        if case.dossiers.exists():
            self.stdout.write(f"{case.case_number} 已组卷，跳过。")
            return True
        try:
            dossier = dossier_assemble(case=case)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(f"{case.case_number} 未能组卷：{message}")
            return False
        self.stdout.write(
            f"{case.case_number} → {dossier.archival_code}，"
            f"{dossier.entries.count()} 件。"
        )
        return True
