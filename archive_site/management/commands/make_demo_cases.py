"""`manage.py make_demo_cases OUT N [--seed S] [--format F]`: write demo SIPs.

`manage.py make_demo_cases --register-agencies` registers the four demo
agencies (idempotent), as an operator must before their packages are ingested;
`make run` does this before `ingest`.

A thin wrapper over the top-level `demo` package: each case comes from
`demo_cases(N, seed)` and is written by `write_sip` as `OUT/sip-001`,
`OUT/sip-002`, … (or the matching .zip/.tar/.tar.gz). The same seed always
yields the same cases.

`demo` is imported only inside the methods that run the command, never at
module level: the site (URLconf, WSGI, admin) must not load the generator.
"""

import logging
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from rich.console import Console

from dossiers.commands import ArchiveCommand, int_between
from dossiers.models import Agency
from dossiers.services import agency_register


@contextmanager
def _quiet_bagit():
    # bagit logs every manifest line at INFO; the progress bar says enough.
    bagit_logger = logging.getLogger("bagit")
    level = bagit_logger.level
    bagit_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        bagit_logger.setLevel(level)


class Command(ArchiveCommand):
    help = "生成 N 个逼真的演示提交包（SIP，BagIt 格式），写入 OUT 目录。"

    def add_arguments(self, parser):
        from demo.sip import SERIALIZATIONS

        parser.add_argument(
            "out", type=Path, nargs="?", help="输出目录（不存在时自动创建）"
        )
        parser.add_argument(
            "count", type=int_between(0, 100_000), nargs="?", help="要生成的案件数量"
        )
        parser.add_argument(
            "--register-agencies",
            action="store_true",
            help="登记四个演示机关（已登记的跳过），不生成提交包",
        )
        parser.add_argument(
            "--seed",
            type=int_between(0, 2**32 - 1),
            default=0,
            help="随机种子；相同种子生成相同的案件",
        )
        parser.add_argument(
            "--format",
            dest="serialization",
            choices=list(SERIALIZATIONS),
            default="dir",
            help="提交包格式：目录（默认）、zip、tar 或 tar.gz",
        )

    def handle(
        self, *args, out: Path, count: int, seed: int, serialization: str, **options
    ):
        if options["register_agencies"]:
            return self._register_agencies()
        if out is None or count is None:
            raise CommandError("请给出输出目录 OUT 和案件数量 N。")
        if count < 1:
            raise CommandError("案件数量必须是正整数。")
        from demo.cases import demo_cases

        out.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        printer = Console(file=self.stdout, highlight=False, soft_wrap=True)
        with _quiet_bagit(), self.count_progress(elapsed=True) as bar:
            task = bar.add_task("生成演示案件", total=count)
            for index, case in enumerate(demo_cases(count, seed)):
                path = self._write(out / f"sip-{index + 1:03d}", case, serialization)
                printer.print(str(path))
                bar.advance(task)
        seconds = time.monotonic() - started
        Console(stderr=True).print(
            f"已生成 {count} 个演示提交包，用时 {seconds:.1f} 秒。"
        )

    def _register_agencies(self) -> None:
        from demo.agencies import AGENCIES

        for agency in AGENCIES:
            if Agency.objects.filter(code=agency.code).exists():
                continue
            try:
                agency_register(
                    name=agency.name,
                    code=agency.code,
                    fonds=agency.fonds,
                    reason="演示机关",
                )
            except ValidationError as exc:
                problem = "；".join(exc.messages)
                self.stderr.write(f"未登记演示机关 {agency.name}：{problem}")
                continue
            self.stdout.write(f"已登记演示机关：{agency.name}（全宗号 {agency.fonds}）")

    def _write(self, target: Path, case, serialization: str) -> Path:
        from demo.sip import write_sip

        try:
            return write_sip(
                target, case.case_json, case.files, serialization=serialization
            )
        except FileExistsError as exc:
            raise CommandError(f"{exc.args[0]} 已存在，请换一个输出目录。") from exc
