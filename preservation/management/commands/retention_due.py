"""`manage.py retention_due [--by DATE] [--agency CODE] [--json]`."""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, date_option


class Command(ArchiveCommand):
    help = (
        "列出保管期限届满、到期可处置的已封存案卷（默认截至本年 12 月 31 日），"
        "并注明是否冻结。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--by", help="截至日期 YYYY-MM-DD（届满日早于该日），默认本年末"
        )
        parser.add_argument("--agency", help="机关统一社会信用代码")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, by, agency, json, **options):
        from dossiers.models import Agency
        from preservation.retention.due import due_list, end_of_this_year

        day = date_option("--by", by) or end_of_this_year()
        agencies = None
        if agency:
            agencies = Agency.objects.filter(code=agency)
            if not agencies.exists():
                raise CommandError(f"没有统一社会信用代码为 {agency} 的机关。")
        rows = list(due_list(by=day, agencies=agencies))
        if json:
            self.write_json({"by": day.isoformat(), "dossiers": rows})
            return
        for row in rows:
            self.stdout.write(_line(row))
        held = sum(row["held"] for row in rows)
        self.stdout.write(f"截至 {day}：到期 {len(rows)} 卷，其中冻结 {held} 卷。")


def _line(row: dict) -> str:
    holds = "；".join(
        f"冻结 {h['id']} {h['kind']} {h['reference']}".rstrip() for h in row["holds"]
    )
    return "\t".join(
        [
            row["archival_code"],
            row["title"],
            row["case_number"],
            row["retention"],
            row["retention_end"],
            holds or "未冻结",
        ]
    )
