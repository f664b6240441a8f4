"""`manage.py disc_export --media M --set A|B --out DIR [档号 …|--since DATE]`.

Packs sealed AIPs onto optical-disc images, each within the medium's capacity,
and enters each disc in the register. Without 档号 it takes every package not
yet wholly on a disc of the set (`--since` narrows that to dossiers sealed
since a day); named 档号 are written even if they are on a disc already.
Reading a package for a disc is a read of archive content: each package on
each disc gets an access-log entry before its files are read.
"""

import getpass
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from dossiers.commands import ArchiveCommand
from preservation.models import DiscSet, Package
from preservation.selectors import packages_without_disc
from preservation.services.discs import MEDIA, DiscError, disc_plan, disc_write


class Command(ArchiveCommand):
    help = "把已封存的长期保存包写成光盘镜像（ISO），每张光盘附清单和标签页并登记。"

    def add_arguments(self, parser):
        parser.add_argument("archival_codes", nargs="*", metavar="DOSSIER", help="档号")
        parser.add_argument("--media", required=True, choices=list(MEDIA))
        parser.add_argument(
            "--set", dest="disc_set", required=True, choices=DiscSet.values
        )
        parser.add_argument("--out", required=True, type=Path, help="镜像输出目录")
        parser.add_argument(
            "--since", type=date.fromisoformat, help="只取该日（含）以后封存的案卷"
        )
        self.add_user_argument(
            parser, "--by", help="刻录人用户名；默认记录操作系统用户名"
        )
        parser.add_argument("--location", default="", help="存放位置")

    def handle(self, *args, archival_codes, media, disc_set, out, since, by, **opts):
        if archival_codes and since:
            raise CommandError("档号和 --since 只能二选一。")
        user, name = self.operator({"by": by})
        packages = _packages(archival_codes, disc_set, since)
        if not packages:
            self.stdout.write("没有需要刻录的保存包。")
            return
        options = {
            "out_dir": out,
            "disc_set": disc_set,
            "user": user,
            "burned_by_name": name,
            "location": opts["location"],
            "on_read": lambda package, number: _log(user, package, number),
        }
        try:
            plans = disc_plan(packages, media)
            for n, plan in enumerate(plans, start=1):
                with self.stage_progress(f"光盘 {n}/{len(plans)}") as progress:
                    disc = disc_write(plan, progress=progress, **options)
                self._print(disc, out)
        except DiscError as exc:
            raise CommandError(str(exc)) from exc

    def _print(self, disc, out: Path) -> None:
        image = out / f"{disc.disc_number}.iso"
        self.stdout.write(
            f"{disc.disc_number}  {disc.archival_code_range}  "
            f"{disc.file_count} 个文件  {image}  sha256:{disc.iso_sha256}"
        )


def _packages(codes: list[str], disc_set: str, since: date | None) -> list[Package]:
    if codes:
        chosen = Package.objects.filter(dossier__archival_code__in=codes)
        found = set(chosen.values_list("dossier__archival_code", flat=True))
        if missing := sorted(set(codes) - found):
            raise CommandError(f"这些档号没有长期保存包：{'、'.join(missing)}。")
        return list(chosen)
    todo = packages_without_disc(disc_set=disc_set)
    if since:
        todo = todo.filter(dossier__sealed_at__date__gte=since)
    return list(todo)


def _log(user, package: Package, disc_number: str) -> None:
    access_log_record(
        user=user,
        action=AccessAction.DOWNLOAD,
        obj=package.dossier,
        case_number=package.dossier.case.case_number,
        reason=ReadPurpose.DISC_BURN,
        data={
            "disc": disc_number,
            "package": package.identifier,
            "command": "disc_export",
            "os_user": getpass.getuser(),
        },
    )
