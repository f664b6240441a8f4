"""A kill (SIGKILL) in the middle of ingest leaves nothing half-made.

Runs the real `manage.py ingest` in a child process on its own SQLite file,
kills it while it is copying a large file into storage, then checks the
database and the storage, and ingests the same package again.
"""

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import bagit

ROOT = Path(__file__).resolve().parents[4]
BIG = "materials/investigation/99-执法记录仪录像.bin"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kill.sqlite3'}",
        "ARCHIVE_VAR_DIR": str(tmp_path / "var"),
        "ARCHIVE_STORAGE": str(tmp_path / "storage"),
    }


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def _big_package(example_bag) -> Path:
    bag_dir = example_bag()
    big = bag_dir / "data" / BIG
    with big.open("wb") as f:
        # Seeded, not os.urandom: a random block now and then starts with bytes
        # libmagic takes for some format, and the package is then refused.
        block = random.Random(2025).randbytes(1024 * 1024)
        for _ in range(128):
            f.write(block)
    case_json = bag_dir / "data" / "case.json"
    document = json.loads(case_json.read_text())
    document["materials"].append(
        {
            "path": BIG,
            "stage": "investigation",
            "form": "electronic_data",
            "doc_type": "执法记录仪原始数据",
            "title": "执法记录仪原始数据",
            "date": "2025-02-10",
        }
    )
    case_json.write_text(json.dumps(document, ensure_ascii=False))
    bag = bagit.Bag(str(bag_dir))
    bag.save(manifests=True)
    return bag_dir


def _size(path: Path) -> int:
    """The file's size; 0 once the child has renamed it into place (a race
    between the glob and the stat, which failed one CI run)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _kill_while_copying(env, bag_dir: Path, storage: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(bag_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    incoming = storage / "objects" / "tmp"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        partial = [p for p in incoming.glob("incoming-*") if _size(p) > 0]
        if partial:
            break
        time.sleep(0.002)
    assert child.poll() is None, "ingest finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608


def test_kill_mid_ingest_leaves_no_case_and_only_complete_objects(
    tmp_path, example_bag
):
    env = _env(tmp_path)
    assert _manage(env, "migrate", "--noinput").returncode == 0
    bag_dir = _big_package(example_bag)
    # A fresh database knows no agency: register the package's, as operators do.
    agency = json.loads((bag_dir / "data" / "case.json").read_text())["case"]["agency"]
    registered = _manage(
        env,
        "agency_register",
        "--code",
        agency["code"],
        "--name",
        agency["name"],
        "--fonds",
        agency["fonds"],
    )
    assert registered.returncode == 0, registered.stderr
    storage = tmp_path / "storage"
    _kill_while_copying(env, bag_dir, storage)

    db = tmp_path / "kill.sqlite3"
    for table in ("dossiers_case", "dossiers_material", "dossiers_caseevent"):
        assert _count(db, table) == 0
    for obj in (storage / "objects" / "sha256").rglob("*"):
        if obj.is_file():
            assert hashlib.sha256(obj.read_bytes()).hexdigest() == obj.name

    again = _manage(env, "ingest", "--json", str(bag_dir))
    assert again.returncode == 0, again.stderr + again.stdout[:2000]
    assert json.loads(again.stdout.splitlines()[-1])["status"] == "accepted"
    assert _count(db, "dossiers_case") == 1
