"""A real server and task worker, each its own process, on their own SQLite file.

For the proofs that need processes: uploads racing through a threaded server,
and a worker killed with SIGKILL in the middle of an ingest.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
WAIT = 120


def live_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "ARCHIVE_VAR_DIR": str(tmp_path / "var"),
        "ARCHIVE_STORAGE": str(tmp_path / "storage"),
        "ARCHIVE_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        **extra,
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def migrated_database(folder: Path, agencies: list[dict]) -> Path:
    """A migrated SQLite file with `agencies` registered (copy it per test)."""
    env = live_env(folder)
    manage(env, "migrate", "--noinput")
    for agency in agencies:
        manage(
            env,
            "agency_register",
            *("--code", agency["code"], "--name", agency["name"]),
            *("--fonds", agency["fonds"]),
        )
    return folder / "live.sqlite3"


def database_copy(template: Path, tmp_path: Path) -> None:
    shutil.copyfile(template, tmp_path / "live.sqlite3")


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
    process.wait(WAIT)


def server_start(env: dict) -> tuple[subprocess.Popen, str]:
    """`runserver` on a free port; returns it with its base URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start(env, "runserver", f"127.0.0.1:{port}", "--noreload")
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/openapi.json", timeout=5).ok:
                return server, base
        except requests.ConnectionError:
            time.sleep(0.2)
    stop(server)
    raise AssertionError("the server did not start")


def upload(base: str, secret: str, package: Path) -> requests.Response:
    with package.open("rb") as f:
        return requests.post(
            f"{base}/api/v1/sips",
            files={"package": (package.name, f, "application/zip")},
            headers={"Authorization": f"Bearer {secret}"},
            timeout=WAIT,
        )


def sip_state(base: str, secret: str, sip_id: int) -> dict:
    return requests.get(
        f"{base}/api/v1/sips/{sip_id}",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=WAIT,
    ).json()


def wait_for(predicate, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
