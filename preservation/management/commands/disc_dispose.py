"""`manage.py disc_dispose DISC_NUMBER --action destroyed|reburned --by U
--witness U1 --witness U2 [--replacement DISC_NUMBER ...] [--note TEXT] [--json]`.

Records that the custodian destroyed a disc holding a destroyed package
(物理销毁), or re-burned its live content onto the replacement discs and then
destroyed it (重刻后销毁), before two witnesses, dated today. Refuses (exit 1,
the rule named, nothing changed) as `preservation.services.discs.dispose`
does.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from dossiers.commands import ArchiveCommand
from preservation.models import Disc, DiscDisposal


class Command(ArchiveCommand):
    help = (
        "登记存有已销毁保存包的光盘的处置：物理销毁，或将未销毁的内容重刻到"
        "替换光盘后销毁；须两名监销人。"
    )

    def add_arguments(self, parser):
        parser.add_argument("disc_number", help="光盘编号")
        parser.add_argument(
            "--action", required=True, choices=DiscDisposal.values, help="处置方式"
        )
        self.add_user_argument(parser, "--by", required=True, help="处置人用户名")
        parser.add_argument(
            "--witness", action="append", default=[], help="监销人（两名，各写一次）"
        )
        parser.add_argument(
            "--replacement", action="append", default=[], help="替换光盘编号（重刻时）"
        )
        parser.add_argument("--note", default="", help="处置说明")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, disc_number, action, witness, replacement, **options):
        from preservation.retention.disposition import refusal_text
        from preservation.services.discs import disc_dispose

        disc = self._disc(disc_number)
        try:
            disc = disc_dispose(
                disc=disc,
                action=action,
                user=self.user(options),
                witnesses=[self._witness(name) for name in witness],
                replacements=[self._disc(number) for number in replacement],
                note=options["note"],
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal_text(exc)) from exc
        if options["json"]:
            self.write_json(_as_json(disc))
            return
        self.stdout.write(
            f"已登记光盘 {disc.disc_number} {disc.get_disposal_display()}"
            f"（{disc.disposed_on:%Y-%m-%d}，处置人 {disc.disposed_by_name}，"
            f"监销人 {disc.disposal_witness_names}）。"
        )

    def _disc(self, number: str) -> Disc:
        found = Disc.objects.filter(disc_number=number).first()
        if found is None:
            raise CommandError(f"光盘 {number} 不在光盘登记簿中。")
        return found

    def _witness(self, name: str):
        found = get_user_model().objects.filter(username=name).first()
        if found is None:
            raise CommandError(self.unknown_user_message.format(username=name))
        return found


def _as_json(disc: Disc) -> dict:
    return {
        "disc_number": disc.disc_number,
        "disposal": disc.disposal,
        "status": disc.disposal_status,
        "disposed_on": disc.disposed_on.isoformat(),
        "disposed_by": disc.disposed_by_name,
        "witnesses": disc.disposal_witness_names.split("、"),
        "replacements": sorted(disc.replacements.values_list("disc_number", flat=True)),
        "note": disc.disposal_note,
    }
