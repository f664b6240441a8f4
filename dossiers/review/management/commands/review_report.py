"""`manage.py review_report ROUND --format pdf|xlsx [--out FILE]`.

Writes the 评查报告 of a 评查批次 (by its number, e.g. PC2025-001) as PDF or
XLSX (`dossiers.review.report`); without `--out`, to
`./案卷评查报告-<批次号>.<format>`. Prints the path written.
"""

from pathlib import Path

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from dossiers.review.models import ReviewRound
from dossiers.review.report import REPORT_FORMATS, review_report


class Command(ArchiveCommand):
    help = "输出评查批次的案卷评查报告（PDF 或 XLSX）。"

    def add_arguments(self, parser):
        parser.add_argument("round", help="评查批次号，例如 PC2025-001")
        parser.add_argument(
            "--format", required=True, choices=sorted(REPORT_FORMATS), help="文件格式"
        )
        parser.add_argument("--out", type=Path, help="输出文件")

    def handle(self, *args, **options):
        review_round = ReviewRound.objects.filter(number=options["round"]).first()
        if review_round is None:
            raise CommandError(f"没有批次号为 {options['round']} 的评查批次。")
        kind = options["format"]
        out = options["out"] or Path(f"案卷评查报告-{review_round.number}.{kind}")
        build, _media_type = REPORT_FORMATS[kind]
        try:
            out.write_bytes(build(review_report(review_round)))
        except OSError as exc:
            raise CommandError(f"--out 无法写入 {out}：{exc.strerror}") from exc
        self.stdout.write(f"已写入案卷评查报告：{out}")
