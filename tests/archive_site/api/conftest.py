"""A producer token of the sample package's agency, and packages to send."""

import pytest

from archive_site.api.tokens import producer_token_create
from dossiers.models import Agency
from tests.conftest import MAJOR, SAMPLE_AGENCIES
from tests.preservation.builders import zip_bag


@pytest.fixture
def major_agency(db, sample_agencies) -> Agency:
    return Agency.objects.get(code=SAMPLE_AGENCIES[0]["code"])


@pytest.fixture
def token(major_agency) -> str:
    """The secret of a live token of the sample package's agency."""
    return producer_token_create(agency=major_agency, name="办案系统")[1]


@pytest.fixture
def other_token(db, sample_agencies) -> str:
    other = Agency.objects.get(code=SAMPLE_AGENCIES[1]["code"])
    return producer_token_create(agency=other, name="另一机关系统")[1]


@pytest.fixture
def package_zip(example_bag):
    """The sample major-penalty package as a zip."""
    return zip_bag(example_bag(MAJOR))


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
