"""`manage.py text_extract [CASE_NUMBER…] [--all] [--ocr] [--json]`."""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.models import Case
from preservation.ocr import OcrError, ocr_engine
from preservation.services.text_ocr import OcrReport, texts_ocr_all
from preservation.services.texts import texts_extract_all


class Command(ArchiveCommand):
    help = (
        "提取材料原件的文字层供全文检索（默认只处理尚未提取的材料），"
        "并列出没有文字层、需 OCR 的页；--ocr 再对这些页做文字识别（原件不变）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("case_numbers", nargs="*", metavar="CASE_NUMBER")
        parser.add_argument(
            "--all",
            action="store_true",
            help="重新提取全部材料（与 --ocr 同用：重新识别）",
        )
        parser.add_argument(
            "--ocr",
            action="store_true",
            help="对无文字层的页做 OCR（ARCHIVE_OCR_ENGINE）",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, case_numbers, all: bool, ocr: bool, json: bool, **options):
        cases = Case.objects.select_related("agency").order_by("pk")
        if case_numbers:
            cases = cases.filter(case_number__in=case_numbers)
            found = set(cases.values_list("case_number", flat=True))
            if missing := [n for n in case_numbers if n not in found]:
                raise CommandError(f"没有这些案号的案件：{'、'.join(missing)}。")
        engine = self._engine() if ocr else None
        with self.count_progress(quiet=json) as bar:
            task = bar.add_task("提取文字层", total=cases.count())
            report = texts_extract_all(
                cases=cases.iterator(chunk_size=100),
                missing_only=ocr or not all,
                progress=lambda _case: bar.advance(task),
            )
        ocr_report = self._ocr(cases, engine, redo=all, json=json) if ocr else None
        if json:
            extra = {"ocr": ocr_report.as_json()} if ocr_report else {}
            self.write_json({**report.as_json(), **extra})
            return
        self.stdout.write(f"已提取 {report.extracted} 件材料，共 {report.pages} 页。")
        if ocr_report:
            self._ocr_summary(ocr_report)
            return
        for case_number, path, pages in report.empty_pages:
            listed = "、".join(map(str, pages))
            self.stdout.write(
                f"无文字层（需 OCR）：{case_number} {path} 第 {listed} 页"
            )
        for case_number, path, error in report.failed:
            self.stderr.write(f"提取失败：{case_number} {path}：{error}")

    def _engine(self):
        try:
            return ocr_engine()
        except OcrError as exc:
            raise CommandError(str(exc)) from exc

    def _ocr(self, cases, engine, *, redo: bool, json: bool) -> OcrReport:
        with self.count_progress(quiet=json) as bar:
            task = bar.add_task("文字识别（OCR）", total=cases.count())
            return texts_ocr_all(
                cases=cases.iterator(chunk_size=100),
                redo=redo,
                engine=engine,
                progress=lambda _case: bar.advance(task),
            )

    def _ocr_summary(self, report: OcrReport) -> None:
        self.stdout.write(
            f"OCR（{report.engine}）：识别 {report.materials} 件材料，"
            f"共 {report.pages} 页。"
        )
        for case_number, path, pages in report.unreadable:
            listed = "、".join(map(str, pages))
            self.stdout.write(f"仍无法识别：{case_number} {path} 第 {listed} 页")
        for case_number, path, error in report.failed:
            self.stderr.write(f"识别失败：{case_number} {path}：{error}")
