"""The producers' API under a large upload: the processes' peak memory.

`api_upload` starts the real server (`manage.py runserver --noreload`, one
process) on the benchmark's throwaway database, issues a token for the
example's agency, streams a .tar of the package to `POST /api/v1/sips` from a
client that never holds it in memory, and reads each process's peak resident
set (`VmHWM` in /proc/<pid>/status).

As deployed (`make run`; the default, `--api-backend database`), the server
streams the upload to staging and queues the ingest in the database; a task
worker (`manage.py db_worker`) started beside it runs the ingest, and the
bench polls `GET /api/v1/sips/{id}` until the worker has accepted the
package; the worker's peak is shown beside the server's. With
`--api-backend immediate` the ingest runs inside the upload's request, so the
server's peak covers both. Issue #15: the upload of 1 GiB in ≤ 200 MB.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ingest_machine import ROOT, MiB, console, load_average, rate

GOAL_MB = 200
BOUNDARY = "----ingest-bench-boundary"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmHWM")


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("The server did not start.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("The server did not answer.")


def _body(package: Path) -> tuple[list[bytes], int]:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="package"; filename="{package.name}"'
        "\r\nContent-Type: application/x-tar\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return [head, tail], len(head) + package.stat().st_size + len(tail)


def _stream(package: Path, head: bytes, tail: bytes) -> Iterator[bytes]:
    yield head
    with package.open("rb") as f:
        while chunk := f.read(MiB):
            yield chunk
    yield tail


def _post(port: int, secret: str, package: Path) -> tuple[int, dict, float]:
    (head, tail), length = _body(package)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    headers = {
        "Authorization": f"Bearer {secret}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(length),
    }
    start = time.perf_counter()
    connection.request("POST", "/api/v1/sips", _stream(package, head, tail), headers)
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    return response.status, answer, time.perf_counter() - start


def _get(port: int, secret: str, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Authorization": f"Bearer {secret}"})
    return json.loads(connection.getresponse().read() or b"{}")


def _token() -> str:
    from archive_site.api.tokens import producer_token_create
    from dossiers.models import Agency

    agency = Agency.objects.order_by("pk").first()
    _token, secret = producer_token_create(agency=agency, name="bench")
    return secret


BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",  # make run's
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
FINAL_STATES = ("accepted", "refused", "duplicate")


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _until_done(port: int, secret: str, sip: int, worker) -> tuple[dict, float]:
    """Poll the package's state until the worker has finished with it."""
    start = time.perf_counter()
    while True:
        state = _get(port, secret, f"/api/v1/sips/{sip}")
        if state.get("state") in FINAL_STATES:
            return state, time.perf_counter() - start
        if worker.poll() is not None:
            raise SystemExit("The task worker stopped before the ingest ended.")
        if time.perf_counter() - start > 3600:
            raise SystemExit(f"The ingest did not end: {state}")
        time.sleep(0.2)


def api_upload(package: Path, payload: int, backend: str = "database") -> dict:
    """Upload `package` to a real server (and its task worker); peak RSS."""
    console.rule("[bold]5. The producers' API: a large upload")
    port, secret = _free_port(), _token()
    env = {
        **os.environ,
        "PRODUCER_API_RATE_PER_MINUTE": "1000",
        "ARCHIVE_TASK_BACKEND": BACKENDS[backend],
    }
    folder = package.parent
    server = _start(
        ["runserver", f"127.0.0.1:{port}", "--noreload"], env, folder / "server.log"
    )
    worker = None
    try:
        if backend == "database":
            worker = _start(
                ["db_worker", "--no-reload", "--no-startup-delay"],
                env,
                folder / "worker.log",
            )
        _wait_for(port, server)
        _get(port, secret, "/api/v1/sips/0")  # warm: the app is loaded
        idle = _peak_rss_mb(server.pid)
        status, answer, seconds = _post(port, secret, package)
        sip = answer.get("id", 0)
        if worker is None:
            state, waited = _get(port, secret, f"/api/v1/sips/{sip}"), 0.0
        else:
            state, waited = _until_done(port, secret, sip, worker)
        peaks = {"server": _peak_rss_mb(server.pid)}
        if worker is not None:
            peaks["task worker"] = _peak_rss_mb(worker.pid)
    finally:
        for process in (server, worker):
            if process is not None:
                _stop(process)
    _print_upload(package, payload, backend, status, state, seconds, waited)
    _print_peaks(idle, peaks, ok=status == 202 and state.get("state") == "accepted")
    return {"status": status, "state": state.get("state"), "idle": idle, **peaks}


def _print_upload(package, payload, backend, status, state, seconds, waited) -> None:
    size = package.stat().st_size
    if backend == "immediate":
        timing = f"{seconds:.1f} s = {rate(size, seconds):.0f} MB/s for the upload "
        timing += "and the ingest in the request (immediate task backend)"
    else:
        timing = f"upload {seconds:.1f} s = {rate(size, seconds):.0f} MB/s, "
        timing += f"then the task worker's ingest ended {waited:.1f} s later"
    console.print(
        f"POST /api/v1/sips of {package.name} ({size / MiB:.0f} MiB, payload "
        f"{payload / MiB:.0f} MiB): {status}, then {state.get('state')!r}; {timing}. "
        f"Logs: {package.parent}/server.log"
        + ("" if backend == "immediate" else ", worker.log")
        + "."
    )


def _print_peaks(idle: float, peaks: dict[str, float], *, ok: bool) -> None:
    """The goal is the upload's process; the worker's peak is shown beside it."""
    server = peaks["server"]
    mark = "[green]✓[/]" if ok and server <= GOAL_MB else "[red]✗[/]"
    worker = ""
    if "task worker" in peaks:
        worker = (
            f"; the task worker that ingested it: {peaks['task worker']:.0f} MB "
            "(not the upload's: the same for any package size, the process with "
            "PyAV and libmagic loaded; it also runs text extraction and OCR)"
        )
    console.print(
        f"Peak RSS (VmHWM): server {idle:.0f} MB after a first call, "
        f"[bold]{server:.0f} MB[/] after the upload {mark} (goal ≤ {GOAL_MB} MB)"
        f"{worker}. Load average {load_average()}."
    )
