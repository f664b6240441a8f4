"""A kill (SIGKILL) at any stage of sealing is completed by one rerun.

A child process seals the sample case with the real `manage.py dossier_seal`
on its own SQLite file; the seal commits and its package is written right
after, in the same process (the immediate task backend). The child kills
itself at one stage of package writing — the crash is the only thing
injected. Then one rerun, of `package_write --missing` or of the seal,
must leave a package row and two identical, valid copies.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

ROOT = Path(__file__).resolve().parents[4]
EXAMPLE = ROOT.parent / "shared" / "examples" / "sip-example-major-penalty"
CASE = json.loads((EXAMPLE / "data" / "case.json").read_text("utf-8"))["case"]

SETUP = """
import sys
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from dossiers.models import Agency
from dossiers.services import dossier_assemble, dossier_update
from preservation.services.ingest import package_ingest
agency = {k: v for k, v in %(agency)r.items()}
Agency.objects.get_or_create(code=agency.pop("code"), defaults=agency)
report = package_ingest(source=Path(sys.argv[1]))
assert report.status == "accepted", report.errors
from access_control.services import agency_archivists_group, archivist_role_ensure
user = get_user_model().objects.create_user("sealer")
user.groups.add(archivist_role_ensure(), agency_archivists_group(report.case.agency))
dossier = dossier_assemble(case=report.case, user=user)
dossier_update(dossier=dossier, user=user, compiler="李立卷")
"""

# Each stage wraps one step of preservation.services.aips.write to SIGKILL the process.
KILL = """
import os, signal, sys
import django
django.setup()
from django.core.management import call_command
from preservation import files
from preservation.services.aips import write as aips

def die():
    os.kill(os.getpid(), signal.SIGKILL)

stage, place, copy = sys.argv[1], aips._place, files.copy_synced
places, copies = [], []

def _place(source, root, rel):
    if stage == "staged":
        die()
    places.append(root)
    place(source, root, rel)
    if stage == "primary_placed":
        die()

def _copy_synced(src, dst):
    copy(src, dst)
    if stage == "replica_partial" and len(places) == 2:
        copies.append(dst)
        if len(copies) == 3:
            die()

def _record(*args, **kwargs):
    die()

aips._place, files.copy_synced = _place, _copy_synced
if stage == "before_row":
    aips._record = _record
call_command("dossier_seal", sys.argv[2], "--by", "sealer")
"""


def _env(where: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DATABASE_URL": f"sqlite:///{where / 'seal.sqlite3'}",
        "ARCHIVE_VAR_DIR": str(where / "var"),
        "ARCHIVE_STORAGE": str(where / "storage"),
        "ARCHIVE_REPLICA": str(where / "replica"),
    }


def _run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A database with the sample case ingested and assembled, made once."""
    where = tmp_path_factory.mktemp("seal-template")
    env = _env(where)
    migrated = _run(env, "manage.py", "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    done = _run(env, "-c", SETUP % {"agency": CASE["agency"]}, str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    return where


def _copy_of(prepared: Path, tmp_path: Path) -> dict[str, str]:
    where = tmp_path / "archive"
    shutil.copytree(prepared, where)
    return _env(where)


def _packages(env) -> list[tuple[str, str]]:
    db = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select relative_path, tagmanifest_sha256 from preservation_package"
        ).fetchall()


def _assert_complete(env) -> None:
    (rel, tagmanifest), *others = _packages(env)
    assert others == []
    digests = set()
    for root in (env["ARCHIVE_STORAGE"], env["ARCHIVE_REPLICA"]):
        bag = Path(root) / rel
        bagit.Bag(str(bag)).validate()
        digests.add(hashlib.sha256((bag / "tagmanifest-sha256.txt").read_bytes()))
    assert {d.hexdigest() for d in digests} == {tagmanifest}


STAGES = ["staged", "primary_placed", "replica_partial", "before_row"]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("rerun", ["package_write", "dossier_seal"])
def test_a_seal_killed_at_any_stage_is_completed_by_one_rerun(
    prepared, tmp_path, stage, rerun
):
    env = _copy_of(prepared, tmp_path)
    killed = _run(env, "-c", KILL, stage, CASE["case_number"])
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert _packages(env) == []

    if rerun == "package_write":
        again = _run(env, "manage.py", "package_write", "--missing")
        assert again.returncode == 0, again.stderr[-2000:]
    else:
        again = _run(
            env, "manage.py", "dossier_seal", CASE["case_number"], "--by", "sealer"
        )
        assert "已封存" in again.stderr  # the dossier itself stays as it was sealed

    _assert_complete(env)
    janitor = _run(env, "manage.py", "storage_janitor", "--grace", "0", "--json")
    assert janitor.returncode == 0, janitor.stderr[-2000:]
    assert _leftovers(env) == []
    _assert_complete(env)


def _leftovers(env) -> list[Path]:
    staging = Path(env["ARCHIVE_STORAGE"]) / "staging"
    found = list(staging.glob("aip-*"))
    for root in (env["ARCHIVE_STORAGE"], env["ARCHIVE_REPLICA"]):
        found += [p for p in (Path(root) / "aips").rglob(".*") if p.is_dir()]
    return found
