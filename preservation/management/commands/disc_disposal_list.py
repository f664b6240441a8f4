"""`manage.py disc_disposal_list [--json]`: the custodian's list of discs to
destroy or re-burn.

Every disc holding a package destroyed by a disposition batch, whose disposal
is not recorded yet: its number, set, medium, location and burn date, the
destroyed packages with their batch, and the live packages on it, each with
the other discs of the set that hold it whole, or 需重刻 when none does.
"""

from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "列出存有已销毁保存包、需销毁或重刻的光盘，以及每张光盘上需重刻的内容。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        from preservation.services.discs import disc_disposal_rows

        rows = disc_disposal_rows()
        if options["json"]:
            self.write_json({"discs": [row.as_json() for row in rows]})
            return
        if not rows:
            self.stdout.write("没有需销毁或重刻的光盘。")
        for row in rows:
            self._print(row)

    def _print(self, row) -> None:
        disc = row.disc
        self.stdout.write(
            f"{disc.disc_number}  {disc.get_disc_set_display()}  "
            f"{disc.get_media_display()}  {disc.location or '（未登记存放位置）'}  "
            f"刻录于 {disc.burned_on:%Y-%m-%d}  {disc.disposal_status}"
        )
        for content in row.destroyed:
            self.stdout.write(
                f"  已销毁  {content.archival_code}（{content.package_identifier}）"
                f"  批次 {content.destroyed_batch}"
            )
        for item in row.live:
            c = item.content
            where = (
                f"另存于 {'、'.join(item.elsewhere)}" if item.elsewhere else "需重刻"
            )
            self.stdout.write(
                f"  未销毁  {c.archival_code}（{c.package_identifier}，"
                f"分卷 {c.part_number}/{c.part_count}）  {where}"
            )
