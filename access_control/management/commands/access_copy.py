"""`manage.py access_copy REQUEST_ID --by U --out DIR [--disc] [--json]`.

The archivist makes the copy package (复制件) of an approved 复制 request
in DIR (`access_control.copying.access_copy_make`). Exit 1 with one line,
nothing recorded and no file left, on any refusal.
"""

import zipfile
from pathlib import Path

from django.core.management.base import CommandError

from access_control.consultations import AccessRequestError
from access_control.copying import access_copy_make, access_request_find
from access_control.models import AccessGrant
from dossiers.commands import ArchiveCommand


class Command(ArchiveCommand):
    help = "依已批准的复制申请制作复制件（水印副本、视听资料文字说明）。"
    unknown_user_message = "没有用户 {username}。"

    def add_arguments(self, parser):
        parser.add_argument("request_id", help="申请编号（数字）或登记号")
        self.add_user_argument(
            parser, "--by", required=True, help="制作人（档案管理员）"
        )
        parser.add_argument("--out", required=True, type=Path, help="复制件输出目录")
        parser.add_argument("--disc", action="store_true", help="同时制作光盘映像")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, request_id: str, **options):
        grant = _grant_get(request_id)
        out_dir = Path(options["out"])
        try:
            copy = access_copy_make(
                grant=grant,
                by=self.user(options),
                out_dir=out_dir,
                as_disc=options["disc"],
            )
        except AccessRequestError as exc:
            raise CommandError(str(exc)) from exc
        zip_path = out_dir / copy.file_name
        iso_path = zip_path.with_suffix(".iso") if copy.iso_sha256 else None
        with zipfile.ZipFile(zip_path) as archive:
            count = len(archive.namelist())
        result = {
            "copy": copy.pk,
            "request": grant.request.number,
            "zip": str(zip_path),
            "sha256": copy.sha256,
            "iso": str(iso_path) if iso_path else None,
            "iso_sha256": copy.iso_sha256 or None,
            "files": count,
        }
        if options["json"]:
            self.write_json(result)
        else:
            self.stdout.write(
                f"{grant.request.number} 复制件 {zip_path}（{count} 个文件）"
            )


def _grant_get(value: str) -> AccessGrant:
    request = access_request_find(value)
    if request is None:
        raise CommandError(f"没有申请 {value}。")
    grant = AccessGrant.objects.filter(request=request).first()
    if grant is None:
        raise CommandError(
            f"申请 {request.number} {request.get_status_display()}，不能制作复制件。"
        )
    return grant
