"""The producers' API under a large upload: the server's peak memory.

`api_upload` starts the real server (`manage.py runserver --noreload`, one
process) on the benchmark's throwaway database, issues a token for the
example's agency, streams a .tar of the package to `POST /api/v1/sips` from a
client that never holds it in memory, and reads the server's peak resident
set (`VmHWM` in /proc/<pid>/status) before and after. With the default task
backend (immediate) the ingest runs inside the same request, so the peak
covers the upload and the ingest of the package. With
`ARCHIVE_TASK_BACKEND=django_tasks_db.DatabaseBackend` (what `make run` uses)
the server only streams the upload to staging and queues the ingest for the
worker, which this bench does not start: the answer is then `queued`, and the
peak is the web process's alone. Issue #15: ≤ 200 MB for a 1 GiB upload.
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


def _backend() -> tuple[str, str]:
    """The state the upload should reach, and what the request's time covers."""
    if "immediate" in os.environ.get("ARCHIVE_TASK_BACKEND", "immediate"):
        return "accepted", "the upload and the ingest in the request (immediate)"
    return "queued", "the upload alone (database task backend: ingest queued)"


def api_upload(package: Path, payload: int) -> dict:
    """Upload `package` to a real server; its peak RSS before and after."""
    console.rule("[bold]5. The producers' API: a large upload")
    port, secret = _free_port(), _token()
    log = package.parent / "server.log"
    with log.open("wb") as out:
        command = ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, *command],
            cwd=ROOT,
            env={**os.environ, "PRODUCER_API_RATE_PER_MINUTE": "1000"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server)
        _get(port, secret, "/api/v1/sips/0")  # warm: the app is loaded
        idle = _peak_rss_mb(server.pid)
        status, answer, seconds = _post(port, secret, package)
        peak = _peak_rss_mb(server.pid)
        state = _get(port, secret, f"/api/v1/sips/{answer.get('id', 0)}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    size = package.stat().st_size
    expected, where = _backend()
    ok = peak <= GOAL_MB and status == 202 and state.get("state") == expected
    mark = "[green]✓[/]" if ok else "[red]✗[/]"
    console.print(
        f"POST /api/v1/sips of {package.name} ({size / MiB:.0f} MiB, payload "
        f"{payload / MiB:.0f} MiB): {status}, then {state.get('state')!r}; "
        f"{seconds:.1f} s = {rate(size, seconds):.0f} MB/s for {where}. "
        "Server peak RSS "
        f"(VmHWM): [bold]{idle:.0f} MB[/] after a first call, "
        f"[bold]{peak:.0f} MB[/] after the upload {mark} (goal ≤ {GOAL_MB} MB). "
        f"Load average {load_average()}. Server log: {log}"
    )
    return {"status": status, "state": state.get("state"), "idle": idle, "peak": peak}
