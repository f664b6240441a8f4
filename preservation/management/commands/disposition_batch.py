"""`manage.py disposition_batch --by-date DATE --by U [--agency CODE]
[--include CASE_NUMBER ...] [--json]`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, date_option


class Command(ArchiveCommand):
    help = (
        "组织销毁鉴定批次：本机关保管期限届满（届满日早于截止日）、未冻结的已封存案卷；"
        "冻结的列为未纳入并注明冻结。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--by-date", required=True, help="截止日期 YYYY-MM-DD（不得晚于今天）"
        )
        self.add_user_argument(parser, "--by", required=True, help="组批的档案管理员")
        parser.add_argument(
            "--agency", default="", metavar="CODE",
            help="为哪个机关组批（统一社会信用代码；组批人是多个机关的档案管理员时必填）",
        )  # fmt: skip
        parser.add_argument(
            "--include", nargs="+", default=[], metavar="CASE_NUMBER",
            help="只纳入这些案号的案卷（每一件都须到期、未冻结）",
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, by_date, include, agency, json, **options):
        from preservation.retention.disposition import (
            batch_as_json,
            batch_create,
            refusal_text,
        )

        day = date_option("--by-date", by_date)
        user = self.user(options)
        try:
            batch = batch_create(by_date=day, user=user, include=include, agency=agency)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        data = batch_as_json(batch)
        if json:
            self.write_json(data)
            return
        taken, left = len(data["dossiers"]), len(data["excluded"])
        self.stdout.write(
            f"已组批 {batch.number}（批次 {batch.pk}）：纳入 {taken} 卷，"
            f"未纳入 {left} 项。"
        )
        for row in data["excluded"]:
            self.stdout.write(f"未纳入：{row['archival_code']} {row['reason']}")
