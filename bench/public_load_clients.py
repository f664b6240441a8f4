"""The client side of bench/public_load.py: journeys, timings, errors.

A client is a thread with its own `requests.Session` (keep-alive where the
server allows it). Each journey starts as a new visitor (no cookies):

- 申请: GET the form (the CSRF cookie and token), POST a valid application
  (a 居民身份证 number of its own, with its check digit) → 200 with the
  受理编号 and the 查询码;
- 申请查询: GET the form, POST a 受理编号 + 查询码 of an application filed
  before → 303 to the page, GET the page → 200 with the number and status.

Every response is timed from the request to its last byte. An error is a
status other than the expected one (200, or 303 for the look-up), a page
without what it must show, or a failed connection.
"""

import datetime as dt
import random
import re
import threading
import time
from dataclasses import dataclass, field

import requests
from public_load_server import PROXY_HEADERS, ROW_HEADER
from stdnum.cn import ric

TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NUMBER = re.compile(r'data-testid="application-number">(GK\d{4}-\d{6})<')
CODE = re.compile(r'data-testid="query-code">([A-Z0-9-]{14})<')
FIRST_BIRTH = dt.date(1950, 1, 1)
ROWS = (  # page, method, what; the index is the row's number
    ("申请", "GET", "form"),
    ("申请", "POST", "filed"),
    ("申请查询", "GET", "form"),
    ("申请查询", "POST", "look-up → 303"),
    ("申请查询", "GET", "status"),
)


@dataclass
class Row:
    """One page and method: the latencies (s) and the errors."""

    page: str
    method: str
    what: str
    seconds: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)  # in a worker, sorted
    errors: int = 0
    samples: list[str] = field(default_factory=list)


@dataclass
class Load:
    """What every client shares: the site, the filed applications, the rows."""

    base: str
    prefix: str
    apply_share: float
    think: float
    rows: list[Row] = field(default_factory=lambda: [Row(*r) for r in ROWS])
    filed: list[tuple[str, str]] = field(default_factory=list)
    serial: int = 0
    recording: bool = False
    unrecorded: str = ""  # the last error outside the measured time
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_id(self) -> str:
        """A distinct valid 居民身份证 number: a birth date and a serial."""
        with self.lock:
            self.serial += 1
            n = self.serial
        birth = FIRST_BIRTH + dt.timedelta(days=n // 1000)
        base = f"110105{birth:%Y%m%d}{n % 1000:03d}"
        return base + ric.calc_check_digit(base + "0")  # it skips the last one

    def record(self, index: int, seconds: float, problem: str) -> None:
        if not self.recording:
            self.unrecorded = problem or self.unrecorded
            return
        row = self.rows[index]
        with self.lock:
            row.seconds.append(seconds)
            if problem:
                row.errors += 1
                if len(row.samples) < 3:
                    row.samples.append(problem)


def session_new(base: str) -> requests.Session:
    """A browser-like session behind the TLS proxy: Origin names the HTTPS
    site (CSRF's check); see `secure_cookies_kept` for the cookies."""
    session = requests.Session()
    origin = base.replace("http://", "https://")
    session.headers.update({**PROXY_HEADERS, "Origin": origin, "Referer": origin})
    return session


def secure_cookies_kept(session: requests.Session) -> None:
    """Send the `Secure` cookies back over the plain-HTTP hop, as the browser
    does over HTTPS (requests would drop them: its jar sees http://)."""
    for cookie in session.cookies:
        cookie.secure = False


def timed(load: Load, session, index: int, method: str, url: str, check, **kw):
    """One request, timed and checked; the response, or None after an error."""
    started = time.perf_counter()
    try:
        response = session.request(
            method,
            load.base + url,
            timeout=60,
            allow_redirects=False,
            headers={ROW_HEADER: str(index)},
            **kw,
        )
        body = response.text  # the last byte is in
        secure_cookies_kept(session)
    except requests.RequestException as error:
        load.record(index, time.perf_counter() - started, type(error).__name__)
        return None
    seconds = time.perf_counter() - started
    problem = check(response, body)
    load.record(index, seconds, problem)
    return None if problem else response


def expect(status: int, *needles: str):
    def check(response, body: str) -> str:
        if response.status_code != status:
            return f"HTTP {response.status_code} (expected {status})"
        missing = [n for n in needles if n not in body]
        return f"missing {missing[0]!r}{alert_of(body)}" if missing else ""

    return check


def alert_of(body: str) -> str:
    """The page's error summary (role="alert"), as text, if it has one."""
    _, found, after = body.partition('role="alert"')
    text = " ".join(TAG.sub(" ", after[:3000]).split())[:300]
    return f" — the page says: {text}" if found else ""


def application_fields(id_number: str, token: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": token,
        "applicant_type": "person",
        "name": "李申请",
        "id_kind": "resident_id",
        "id_number": id_number,
        "phone": "13800138000",
        "address": "江苏省南京市玄武区北京东路41号",
        "postcode": "210008",
        "description": "2024年本局对某餐饮店作出的行政处罚决定书及其送达回证",
        "delivery_form": "download",
        "pickup_method": "online",
    }


def journey_apply(load: Load, session) -> tuple[str, str] | None:
    """GET the form, POST an application; its (受理编号, 查询码) or None."""
    url = load.prefix + "shenqing/"
    form = timed(load, session, 0, "GET", url, expect(200, "csrfmiddlewaretoken"))
    if form is None:
        return None
    data = application_fields(load.next_id(), TOKEN.search(form.text).group(1))
    done = timed(
        load,
        session,
        1,
        "POST",
        url,
        expect(200, "application-number", "query-code"),
        data=data,
    )
    if done is None:
        return None
    number, code = NUMBER.search(done.text), CODE.search(done.text)
    return (number.group(1), code.group(1)) if number and code else None


def journey_status(load: Load, session, number: str, code: str) -> None:
    """GET the look-up form, POST the number and code, GET the status page."""
    url = load.prefix + "chaxun/"
    form = timed(load, session, 2, "GET", url, expect(200, "csrfmiddlewaretoken"))
    if form is None:
        return
    token = TOKEN.search(form.text).group(1)
    data = {"csrfmiddlewaretoken": token, "number": number, "code": code}
    found = timed(load, session, 3, "POST", url, _redirect_to(url), data=data)
    if found is not None:
        timed(load, session, 4, "GET", url, expect(200, f"申请 {number}", "状态"))


def _redirect_to(url: str):
    def check(response, body: str) -> str:
        if response.status_code != 303:
            return f"HTTP {response.status_code} (expected 303)"
        if not response.headers.get("Location", "").endswith(url):
            return f"303 to {response.headers.get('Location')!r}"
        return ""

    return check


def client(load: Load, seed: int) -> None:
    """Journeys until `load.stop`: a share `apply_share` of them apply."""
    rng = random.Random(seed)
    session = session_new(load.base)
    while not load.stop.is_set():
        session.cookies.clear()  # a new visitor
        if rng.random() < load.apply_share or not load.filed:
            filed = journey_apply(load, session)
            if filed:
                with load.lock:
                    load.filed.append(filed)
        else:
            journey_status(load, session, *rng.choice(load.filed))
        if load.think:
            load.stop.wait(rng.uniform(0, 2 * load.think))
    session.close()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted `values` (0 when empty)."""
    if not values:
        return 0.0
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]
