"""`manage.py profile_write DIR`: write the published submission profile files."""

import json
from pathlib import Path

from dossiers.commands import ArchiveCommand
from preservation.profile import CHANGELOG, VERSIONS, bagit_profile, case_json_schema


def _files() -> dict[str, object]:
    """File name → the document, for every published version and the changelog."""
    files: dict[str, object] = {}
    for version in VERSIONS:
        files[f"enforcement-case-sip-{version}.schema.json"] = case_json_schema(version)
        files[f"enforcement-case-sip-{version}.bagit-profile.json"] = bagit_profile(
            version
        )
    files["enforcement-case-sip.changelog.json"] = {"versions": list(CHANGELOG)}
    return files


def profile_documents() -> dict[str, str]:
    """File name → the exact text the site serves for it."""
    return {
        name: json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        for name, document in _files().items()
    }


class Command(ArchiveCommand):
    help = "把提交规范（JSON Schema 与 BagIt Profile）写入目录，供离线校验。"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in profile_documents().items():
            (directory / name).write_text(text, encoding="utf-8")
            self.stdout.write(str(directory / name))
