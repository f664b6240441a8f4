"""`manage.py dossier_seal CASE_NUMBER --by USERNAME [--override REASON]`."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.selectors import current_dossier
from dossiers.services import dossier_assemble, dossier_findings, dossier_seal


class Command(ArchiveCommand):
    help = (
        "审查并封存案件的案卷（尚未组卷的先组卷）；"
        "有严重问题时须以 --override 说明理由。"
    )

    def add_arguments(self, parser):
        self.add_case_arguments(parser)
        self.add_user_argument(parser, "--by", required=True, help="封存人用户名")
        parser.add_argument("--override", default="", help="带严重问题封存的书面理由")

    def handle(self, *args, by, override, **options):
        user = self.user({"by": by})
        case = self.case(options)
        # A one-case read grant never lets its holder seal: only the agency's
        # keepers with the archivist role may (superusers keep every agency).
        if not (
            user.has_perm("dossiers.change_dossier") and case.agency.is_kept_by(user)
        ):
            raise CommandError(
                f"用户 {by} 不是 {case.agency.name} 的档案管理员，不能封存该案卷。"
            )
        dossier = current_dossier(case) or dossier_assemble(case=case, user=user)
        for finding in dossier_findings(dossier):
            self.stdout.write(
                f"[{finding.severity}] {finding.path}："
                f"{finding.message}（{finding.article}）"
            )
        try:
            dossier = dossier_seal(dossier=dossier, user=user, override_reason=override)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        end = dossier.retention_end or "永久"
        self.stdout.write(
            f"已封存 {dossier.archival_code}（第 {dossier.version} 版），"
            f"保管期限{dossier.get_retention_display()}，"
            f"{dossier.retention_start} 至 {end}。"
        )
