"""The public 政府信息公开 pages of one agency, made by the setup command."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from archive_site.models import (
    DisclosureApplicationPage,
    DisclosureIndexPage,
    DisclosureStatusPage,
)
from tests.access_control.disclosure.conftest import (  # noqa: F401
    applicant_fields,
    disclosure_officer,
    received,
    submitted,
)

# A PDF small enough for any limit, identified as application/pdf by libmagic.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _limits_clean():
    """The local cache outlives a test: start every test with no counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agency(sample_agencies):
    return sample_agencies[0]


@pytest.fixture
def pages(db, agency):
    """The index, application and status pages of `agency`."""
    call_command("disclosure_pages_setup", stdout=io.StringIO())
    index = DisclosureIndexPage.objects.get(agency=agency)
    return {
        "index": index,
        "apply": DisclosureApplicationPage.objects.child_of(index).get(),
        "status": DisclosureStatusPage.objects.child_of(index).get(),
    }


def form_data(**changes) -> dict:
    """A complete application as the form posts it."""
    data = applicant_fields()
    data.update(changes)
    return data


def resident_id(serial: int) -> str:
    """A valid 居民身份证 number, different for each `serial` (0–999)."""
    base = f"11010519900101{serial:03d}"
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(base))
    return base + "10X98765432"[total % 11]


def stored_objects(storage) -> list:
    """The files under the storage's objects folder (none for a refused form)."""
    return [p for p in (storage / "objects").rglob("*") if p.is_file()]


def status_open(client, page, number: str, code: str, **extra):
    """Look an application up on the status page (POST)."""
    return client.post(page.url, {"number": number, "code": code}, **extra)
