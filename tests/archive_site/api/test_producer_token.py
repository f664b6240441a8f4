"""`manage.py producer_token`: a new token, printed once, stored hashed."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive_site.api.models import ProducerToken
from tests.archive_site.api.conftest import bearer
from tests.conftest import SAMPLE_AGENCIES

pytestmark = pytest.mark.django_db
CODE = SAMPLE_AGENCIES[0]["code"]


def test_the_printed_token_opens_the_api_and_only_its_digest_is_stored(client):
    out = StringIO()
    call_command("producer_token", CODE, "--name", "珠晖区办案系统", stdout=out)
    secret = out.getvalue().strip()

    token = ProducerToken.objects.get()
    assert token.name == "珠晖区办案系统"
    assert token.agency.code == CODE
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ProducerToken.objects.values().get())
    response = client.get("/api/v1/cases/无此案号", headers=bearer(secret))
    assert response.status_code == 404  # authenticated: a 401 otherwise


def test_an_unknown_agency_gets_no_token():
    with pytest.raises(CommandError, match="已登记机关"):
        call_command("producer_token", "91110000000000000X", stdout=StringIO())
    assert not ProducerToken.objects.exists()
