"""The world of the access matrix (tests/test_access_matrix.py), built once.

One ingested case of the major sample with its sealed dossier, the AIP, a disc
made from the browser, a recorded copy package, and one person per actor of
issue #12's proof: pending and approved requests, grants, an agency of
someone else. `world_build` returns everything the URL table needs to fill a
pattern's kwargs; the caller owns the transaction that rolls it all back.
`url_patterns` lists every pattern of the URLconf the matrix must cover, and
`fetch_as` fetches one as one person, returning what the log got.
"""

import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from access_control.consultations import access_request_create, access_request_decide
from access_control.copying import access_copy_make, copies_dir
from access_control.models import AccessGrant, AccessLogEntry, Membership, Role
from dossiers.codes import Form
from dossiers.models import Agency
from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import DiscSet, IngestReport, Package
from preservation.services.discs.exports import disc_export_create, disc_export_run
from preservation.services.ingest import package_ingest
from tests.conftest import ORDINARY_DEPARTMENT as DEPARTMENT
from tests.conftest import ordinary_case_make, person_make


@dataclass
class World:
    """Everything a URL pattern's kwargs or an actor may need."""

    case: object
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def _ingest(example: Path, tmp: Path):
    source = tmp / "sip"
    shutil.copytree(example, source)
    for path in [source, *source.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    report = package_ingest(source=source)
    assert report.status == "accepted", report.errors
    # An ordinary case of one section, so that its section head decides.
    return ordinary_case_make(report.case)


def _people(case) -> dict:
    agency = case.agency
    other = Agency.objects.create(
        name="通化市应急管理局", code="11220500MB0000000X", fonds="J099"
    )
    return {
        "anonymous": None,
        "other_officer": person_make("other_officer", other, Role.OFFICER),
        "sysadmin": person_make("sysadmin", agency, Role.SYSADMIN),
        "superuser": get_user_model().objects.create_superuser("root", password="pw"),
        "pending": person_make("pending", agency, Role.OFFICER),
        "requester": person_make("requester", agency, Role.OFFICER),
        "approver": person_make(
            "approver", agency, Role.SECTION_HEAD, department=DEPARTMENT
        ),
        "archivist": person_make("archivist", agency, Role.ARCHIVIST),
    }


def _requests(case, people: dict) -> dict:
    text = case.materials.filter(form=Form.TEXT).order_by("sequence").first()
    access_request_create(user=people["pending"], case=case, kind="view", reason="复核")
    view = access_request_create(
        user=people["requester"], case=case, kind="view", reason="行政复议答复"
    )
    copy = access_request_create(
        user=people["requester"],
        case=case,
        kind="copy",
        reason="复议材料",
        materials=[text],
    )
    for request in (view, copy):
        access_request_decide(
            request=request, user=people["approver"], approve=True, reason="同意"
        )
    grant = AccessGrant.objects.get(request=copy)
    number = copy.number
    made = access_copy_make(
        grant=grant, by=people["archivist"], out_dir=copies_dir(number)
    )
    return {
        "request": view,
        "grant": AccessGrant.objects.get(request=view),
        "copy": made,
        "material": text,
    }


def _preserve(case, archivist) -> dict:
    dossier = dossier_assemble(case=case, user=archivist)
    with TestCase.captureOnCommitCallbacks(execute=True):
        dossier_seal(dossier=dossier, user=archivist, override_reason="测试封存")
    package = Package.objects.get(dossier=dossier)
    export = disc_export_create(
        user=archivist, media="cd", disc_set=DiscSet.A, packages=[package]
    )
    export = disc_export_run(export=export)
    assert export.discs.exists(), export.message
    return {
        "dossier": dossier,
        "package": package,
        "export": export,
        "disc": export.discs.get(),
    }


def world_build(example: Path, tmp: Path, agencies: list[dict]) -> World:
    """Build the matrix's world in the current transaction."""
    for agency in agencies:
        Agency.objects.get_or_create(
            code=agency["code"],
            defaults={"name": agency["name"], "fonds": agency["fonds"]},
        )
    case = _ingest(example, tmp)
    world = World(case=case, people=_people(case))
    world.objects.update(_preserve(case, world.people["archivist"]))
    world.objects.update(_requests(case, world.people))
    world.objects.update(
        agency=case.agency,
        report=IngestReport.objects.filter(case=case).first(),
        attempt=AccessAttempt.objects.create(
            username="stranger",
            ip_address="10.0.0.9",
            failures_since_start=9,
            user_agent="test",
            path_info="/admin/login/",
            get_data="",
            post_data="",
        ),
        group=Group.objects.order_by("pk").first(),
        log_entry=AccessLogEntry.objects.order_by("pk").first(),
        membership=Membership.objects.filter(user=world.people["requester"]).get(),
    )
    return world


def _walk(resolver, prefix="", namespace="") -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name]))
            route = prefix + str(pattern.pattern)
            yield (name if pattern.name else route), route


def url_patterns() -> list[tuple[str, str]]:
    """(key, route) of every pattern; the key is its name, else its route."""
    return list(_walk(get_resolver()))


def fetch_as(client, *, url: str, person, at=None):
    """GET `url` as `person` (None: anonymous), at the time `at` if given.

    Returns the response and the 事由 of the log entries appended for `person`
    during the request.
    """
    if person is None:
        cache.clear()  # the anonymous flood limit counts per minute
    else:
        client.force_login(person)
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True)[:1]
    last = last[0] if last else 0
    if at is None:
        response = client.get(url)
    else:
        with time_machine.travel(at, tick=False):
            response = client.get(url)
    new = AccessLogEntry.objects.filter(user=person, pk__gt=last) if person else []
    return response, [entry.reason for entry in new]


def outcome_of(response) -> str:
    """The status, or "login"/"away" for a redirect to the login page/elsewhere."""
    if response.status_code == 302:
        return "login" if "/login/" in response["Location"] else "away"
    return str(response.status_code)


def body_of(response) -> bytes:
    """Every byte of the response, streamed or not."""
    if response.streaming:
        # Draining the test client's wrapper closes the response as a server
        # would; calling close() here would fire request_finished, and Django's
        # close_old_connections would close the database connection inside the
        # module's transaction (PostgreSQL: "the connection is closed").
        return b"".join(response.streaming_content)
    return response.content
