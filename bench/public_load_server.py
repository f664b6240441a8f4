"""The server side of bench/public_load.py: PostgreSQL, the site, gunicorn.

`Postgres` is a throwaway cluster (initdb + pg_ctl, as .ci/run makes one) in a
temp folder on a free port, run as the `postgres` user when this runs as root;
`stop` removes it. `site_env` is the environment of settings.production with
generated secrets and the public pages' rate limits lifted; `site_setup` runs
the manage.py commands that make the site (migrate, collectstatic, the sample
agencies, disclosure_pages_setup); `Gunicorn` serves it.
"""

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
EXAMPLES = ROOT.parent / "shared" / "examples"
LIFTED = "1000000"  # every client comes from 127.0.0.1: the limits would bite
LIMITS = (
    "DISCLOSURE_SUBMISSIONS_PER_ADDRESS",
    "DISCLOSURE_SUBMISSIONS_PER_ID",
    "DISCLOSURE_LOOKUP_FAILURES",
)
PG_INSTALL = (
    "PostgreSQL's server binaries (initdb, pg_ctl) were not found under "
    "/usr/lib/postgresql/*/bin nor on PATH. Install them, e.g. on Debian: "
    "apt-get install postgresql (or run with --sqlite)."
)


class SetupError(RuntimeError):
    """The bench could not set up what it measures (exit status 2)."""


def free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SetupError(f"no free port in {start}–{start + 199}")


def pg_bin() -> Path | None:
    """The folder of initdb/pg_ctl: the newest under /usr/lib/postgresql, or PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


@dataclass
class Postgres:
    """A throwaway cluster in `dir`; `start` it, then `stop` removes it."""

    bin: Path
    dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pg-")))
    port: int = 0
    started: bool = False

    def run(self, *args: str, log: str) -> None:
        command = [*args]
        if os.geteuid() == 0:  # initdb refuses root
            command = ["runuser", "-u", "postgres", "--", *command]
        with (self.dir / log).open("ab") as out:
            done = subprocess.run(  # noqa: S603
                command, cwd=self.dir, stdout=out, stderr=out, check=False
            )
        if done.returncode:
            tail = (self.dir / log).read_text("utf-8", "replace")[-2000:]
            raise SetupError(f"{Path(args[0]).name} failed:\n{tail}")

    def start(self) -> str:
        """initdb (trust: 127.0.0.1 and the socket only), start, create the database.

        The server keeps PostgreSQL's defaults (fsync on), as a deployment would."""
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = free_port(54400)
        data = str(self.dir / "data")
        self.run(
            str(self.bin / "initdb"),
            *("-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"),
            "--auth=trust",
            log="initdb.log",
        )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.started = True  # from here on, stop() stops it
        self._run_ctl(
            "-D", data, "-l", str(self.dir / "server.log"), "-o", options, "-w", "start"
        )
        self.run(
            str(self.bin / "createdb"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "archive"),
            log="pg_ctl.log",
        )
        return self.url

    def _run_ctl(self, *args: str) -> None:
        self.run(str(self.bin / "pg_ctl"), *args, log="pg_ctl.log")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/archive"

    def stop(self) -> None:
        if self.started:
            self.started = False
            try:
                self._run_ctl("-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
            except SetupError as error:
                print(error, file=sys.stderr)
        shutil.rmtree(self.dir, ignore_errors=True)


def site_env(work: Path, database_url: str) -> dict[str, str]:
    """settings.production's environment: fresh secrets, temp folders, no limits."""
    var = work / "var"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ACCESS_LOG_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "SEARCH_BACKEND": "database",
        "ARCHIVE_VAR_DIR": str(var),
        "ARCHIVE_STORAGE": str(work / "storage"),
        "ARCHIVE_STAGING": str(work / "storage" / "staging"),
        "ARCHIVE_REPLICA": str(work / "replica"),
        "MEDIA_ROOT": str(var / "media"),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
        **dict.fromkeys(LIMITS, LIFTED),
    }
    env.pop("SEARCH_URL", None)
    var.mkdir(parents=True, exist_ok=True)
    return env


def manage(env: dict[str, str], *args: str, work: Path) -> str:
    """Run `manage.py ARGS`; its output, or SetupError with the log's tail."""
    done = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with (work / "manage.log").open("a", encoding="utf-8") as log:
        log.write(f"$ manage.py {' '.join(args)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        raise SetupError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def sample_agencies() -> list[dict[str, str]]:
    """The agencies of the sample packages (as tests/conftest.py reads them)."""
    found = {}
    for case in sorted(EXAMPLES.glob("*/data/case.json")):
        agency = json.loads(case.read_text("utf-8"))["case"]["agency"]
        found[agency["code"]] = agency
    if not found:
        raise SetupError(f"no sample agency: {EXAMPLES}/*/data/case.json is missing")
    return list(found.values())


def site_setup(env: dict[str, str], work: Path) -> tuple[str, float]:
    """Migrate, collect the static files, register the agencies, make the pages.

    Returns the first agency's page prefix (/gongkai-<code>/) and the seconds."""
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", work=work)
    # ManifestStaticFilesStorage: templates need the manifest to render.
    manage(env, "collectstatic", "--noinput", work=work)
    agencies = sample_agencies()
    for agency in agencies:
        manage(env, "agency_register", *_agency_args(agency), work=work)
    manage(env, "disclosure_pages_setup", work=work)
    return f"/gongkai-{agencies[0]['code'].lower()}/", time.perf_counter() - started


def _agency_args(agency: dict[str, str]) -> list[str]:
    return [
        "--code",
        agency["code"],
        "--name",
        agency["name"],
        "--fonds",
        agency["fonds"],
    ]


RECEIPT_SCRIPT = """
from django.utils import timezone
from access_control.disclosure.applications import receipt_confirm
from access_control.disclosure.models import DisclosureApplication
for number in {numbers!r}:
    application = DisclosureApplication.objects.get(number=number)
    receipt_confirm(application, by=None, received_on=timezone.localdate())
"""


def receipts_confirm(env: dict[str, str], work: Path, numbers: list[str]) -> None:
    """Confirm the receipt of `numbers`, so their status pages count the clock."""
    script = RECEIPT_SCRIPT.format(numbers=numbers)
    manage(env, "shell", "--no-imports", "-c", script, work=work)


@dataclass
class Gunicorn:
    """gunicorn serving archive_site.wsgi on 127.0.0.1 (its own session)."""

    env: dict[str, str]
    work: Path
    workers: int
    worker_class: str
    threads: int
    port: int = 0
    process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "archive_site.wsgi:application",
            *("--bind", f"127.0.0.1:{self.port}"),
            *("--workers", str(self.workers)),
            *("--worker-class", self.worker_class),
            *("--threads", str(self.threads)),
            *("--backlog", "2048", "--timeout", "60", "--no-control-socket"),
            *("--error-logfile", str(self.work / "gunicorn.log")),
            *("--access-logfile", str(self.access_log)),
            *("--access-logformat", ACCESS_FORMAT),
        ]

    @property
    def access_log(self) -> Path:
        return self.work / "access.log"

    def access_offset(self) -> int:
        """Where the access log ends now (the measured part starts there)."""
        try:
            return self.access_log.stat().st_size
        except FileNotFoundError:
            return 0

    def server_times(self, start: int, end: int) -> dict[int, list[float]]:
        """Seconds each request spent in a worker, by the clients' row number,
        from the access log between two offsets (queueing not included)."""
        times: dict[int, list[float]] = {}
        with self.access_log.open("rb") as log:
            log.seek(start)
            lines = log.read(end - start).decode("utf-8", "replace").splitlines()
        for line in lines:
            row, _, microseconds = line.partition(" ")
            if row.isdigit() and microseconds.isdigit():
                times.setdefault(int(row), []).append(int(microseconds) / 1e6)
        return times

    def start(self) -> str:
        self.port = free_port(8400)
        self.process = subprocess.Popen(  # noqa: S603
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us; we stop it
        )
        base = f"http://127.0.0.1:{self.port}"
        self._wait(base)
        return base

    def _wait(self, base: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                requests.get(base + "/", timeout=5, headers=PROXY_HEADERS)
                return
            except requests.RequestException:
                time.sleep(0.5)
        log = (self.work / "gunicorn.log").read_text("utf-8", "replace")[-3000:]
        raise SetupError(f"gunicorn did not answer:\n{log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: workers finish
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# What the deployment's TLS-terminating proxy adds (SECURE_PROXY_SSL_HEADER).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The clients name their row in a header; the access log gives the time in
# the worker (%(D)s, microseconds) against it.
ROW_HEADER = "X-Bench-Row"
ACCESS_FORMAT = "%({x-bench-row}i)s %(D)s"
