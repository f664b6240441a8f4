"""`manage.py review_sample --year YYYY --percent N --seed S [--agency CODE] [--json]`.

Draws a 案卷评查 round (`dossiers.review.services.review_round_sample`):
per 承办科室, N % (at least one) of the sealed dossiers of cases closed in
YYYY, reproducibly for the seed S, and saves it with its checklists. Prints
the round and each section's sample, or with `--json` one line:
{"round", "year", "percent", "seed", "agency", "sections": [{"agency",
"section", "candidates", "sampled"}], "dossiers": [{"archival_code",
"case_number", "agency", "section", "title"}]}.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand, int_between
from dossiers.models import Agency
from dossiers.review.services import review_round_sample


class Command(ArchiveCommand):
    help = "按承办科室随机抽取某年度结案的已封存案卷，建立案卷评查批次。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, type=int_between(2000, 2200), help="结案年度"
        )
        parser.add_argument(
            "--percent", required=True, type=int_between(1, 100), help="抽查比例（%）"
        )
        parser.add_argument(
            "--seed", required=True, type=int_between(0, 2**62), help="随机种子"
        )
        parser.add_argument("--agency", help="机关统一社会信用代码（默认全部机关）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        self.add_user_argument(parser, help="抽取人的用户名")

    def handle(self, *args, **options):
        agency = _agency(options["agency"])
        try:
            review_round, sections = review_round_sample(
                year=options["year"],
                percent=options["percent"],
                seed=options["seed"],
                agency=agency,
                user=self.user(options),
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if options["json"]:
            self.write_json(_as_json(review_round, sections))
            return
        self._print(review_round, sections)

    def _print(self, review_round, sections) -> None:
        total = sum(len(s.dossiers) for s in sections)
        self.stdout.write(f"已建立评查批次 {review_round.number}，抽取 {total} 卷：")
        for s in sections:
            codes = "、".join(d.archival_code for d in s.dossiers)
            counts = f"{len(s.dossiers)}/{s.candidates} 卷"
            self.stdout.write(f"{s.agency.name} {s.section}：{counts} {codes}")


def _agency(code: str | None) -> Agency | None:
    if code is None:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"--agency 没有代码为 {code} 的机关。")
    return agency


def _as_json(review_round, sections) -> dict:
    return {
        "round": review_round.number,
        "year": review_round.year,
        "percent": review_round.percent,
        "seed": review_round.seed,
        "agency": review_round.agency.code if review_round.agency else None,
        "sections": [
            {
                "agency": s.agency.code,
                "section": s.section,
                "candidates": s.candidates,
                "sampled": len(s.dossiers),
            }
            for s in sections
        ],
        "dossiers": [
            {
                "archival_code": d.archival_code,
                "case_number": d.case.case_number,
                "agency": s.agency.code,
                "section": s.section,
                "title": d.title,
            }
            for s in sections
            for d in s.dossiers
        ],
    }
