"""`manage.py producer_token AGENCY_CODE [--name NAME]`: issue an API token.

The token is printed once and stored only as its SHA-256; rotate or revoke it
in the admin (设置 → 提交接口令牌).
"""

from django.core.management.base import CommandError

from archive_site.api.tokens import producer_token_create
from dossiers.commands import ArchiveCommand
from dossiers.models import Agency


class Command(ArchiveCommand):
    help = "为机关签发一个提交接口令牌（只显示这一次，系统仅保存其摘要）。"

    def add_arguments(self, parser):
        parser.add_argument("agency_code", help="机关的统一社会信用代码")
        parser.add_argument("--name", default="办案系统", help="令牌名称，如系统名")

    def handle(self, *args, agency_code: str, name: str, **options):
        agency = Agency.objects.filter(code=agency_code, merged_into=None).first()
        if agency is None:
            raise CommandError(f"没有统一社会信用代码为 {agency_code} 的已登记机关。")
        if not name.strip() or len(name) > 100:
            raise CommandError("令牌名称不能为空，且不超过 100 个字符。")
        token, secret = producer_token_create(agency=agency, name=name.strip())
        self.stderr.write(
            f"已为 {agency.name}（{agency.code}）签发令牌“{token.name}”"
            f"（{token.prefix}…）。令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(secret)
