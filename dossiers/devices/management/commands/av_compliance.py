"""`manage.py av_compliance [--agency CODE] [--year YYYY] [--json]`.

Checks every recording in scope with the regulation rules, refreshes the
stored compliance rows the reports read, and lists each recording with its
problems (codes such as `device_unregistered`, `device_not_issued`,
`stored_late`).
"""

from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between


class Command(ArchiveCommand):
    help = "检查音像记录的设备登记、领用、存储时限与中断说明，逐条列出问题。"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="机关统一社会信用代码")
        parser.add_argument(
            "--year", type=int_between(1949, 9999), help="案件结案年度（YYYY）"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, agency, year, json, **options):
        from dossiers.devices.compliance import av_compliance_run, compliance_cases
        from dossiers.models import Agency

        found = None
        if agency:
            found = Agency.objects.filter(code=agency).first()
            if found is None:
                raise CommandError(f"没有统一社会信用代码为 {agency} 的机关。")
        total = compliance_cases(agency=found, year=year).count()
        with self.count_progress(quiet=json) as bar:
            task = bar.add_task("检查音像记录", total=total)
            recordings = [
                r.as_dict()
                for r in av_compliance_run(
                    agency=found, year=year, progress=lambda: bar.advance(task)
                )
            ]
        if json:
            self.write_json({"agency": agency, "year": year, "materials": recordings})
            return
        self._print(recordings)

    def _print(self, recordings: list[dict]) -> None:
        flagged = [r for r in recordings if r["codes"]]
        for r in flagged:
            self.stdout.write(
                f"{r['case_number']} {r['path']}：{'、'.join(r['codes'])}"
            )
        self.stdout.write(
            f"共检查 {len(recordings)} 条音像记录，{len(flagged)} 条有问题。"
        )
