"""`manage.py text_extract [CASE_NUMBER…] [--all] [--json]`."""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.models import Case
from preservation.services.texts import texts_extract_all


class Command(ArchiveCommand):
    help = (
        "提取材料原件的文字层供全文检索（默认只处理尚未提取的材料），"
        "并列出没有文字层、需 OCR 的页。"
    )

    def add_arguments(self, parser):
        parser.add_argument("case_numbers", nargs="*", metavar="CASE_NUMBER")
        parser.add_argument("--all", action="store_true", help="重新提取全部材料")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, case_numbers, all: bool, json: bool, **options):
        cases = Case.objects.select_related("agency").order_by("pk")
        if case_numbers:
            cases = cases.filter(case_number__in=case_numbers)
            found = set(cases.values_list("case_number", flat=True))
            if missing := [n for n in case_numbers if n not in found]:
                raise CommandError(f"没有这些案号的案件：{'、'.join(missing)}。")
        with self.count_progress(quiet=json) as bar:
            task = bar.add_task("提取文字层", total=cases.count())
            report = texts_extract_all(
                cases=cases.iterator(chunk_size=100),
                missing_only=not all,
                progress=lambda _case: bar.advance(task),
            )
        if json:
            self.write_json(report.as_json())
            return
        self.stdout.write(f"已提取 {report.extracted} 件材料，共 {report.pages} 页。")
        for case_number, path, pages in report.empty_pages:
            listed = "、".join(map(str, pages))
            self.stdout.write(
                f"无文字层（需 OCR）：{case_number} {path} 第 {listed} 页"
            )
        for case_number, path, error in report.failed:
            self.stderr.write(f"提取失败：{case_number} {path}：{error}")
