"""The published profile: what producers download is what ingest enforces."""

import json
from pathlib import Path

import jsonschema
import pytest

from dossiers.codes import Category
from preservation import profile
from tests.conftest import EXAMPLES, MAJOR, ORDINARY

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/profiles/enforcement-case-sip/1.0/case.schema.json"
BAGIT_PROFILE_URL = "/profiles/enforcement-case-sip/1.0/bagit-profile.json"


def _get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    return json.loads(response.content.decode("utf-8"))


def test_the_schema_is_served_as_json(client):
    schema = _get_json(client, SCHEMA_URL)

    assert schema == profile.case_json_schema()
    assert schema["$id"] == SCHEMA_URL
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_bagit_profile_is_served_as_json(client):
    bagit_profile = _get_json(client, BAGIT_PROFILE_URL)

    info = bagit_profile["BagIt-Profile-Info"]
    assert info["BagIt-Profile-Identifier"] == BAGIT_PROFILE_URL
    assert bagit_profile["Accept-BagIt-Version"] == ["0.97", "1.0"]
    assert bagit_profile["Manifests-Allowed"] == ["sha256", "sha512"]
    assert bagit_profile["Allow-Fetch.txt"] is False
    assert {
        tag for tag, rule in bagit_profile["Bag-Info"].items() if rule["required"]
    } == {"Source-Organization", "External-Identifier", "Bagging-Date", "Payload-Oxum"}


def test_the_category_enum_is_the_code_list(client):
    schema = _get_json(client, SCHEMA_URL)

    assert schema["properties"]["case"]["properties"]["category"]["enum"] == list(
        Category.values
    )


@pytest.mark.parametrize("sample", [MAJOR, ORDINARY])
def test_both_samples_validate_against_the_served_schema(client, sample):
    schema = _get_json(client, SCHEMA_URL)
    document = json.loads((EXAMPLES / sample / "data/case.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )

    assert list(validator.iter_errors(document)) == []


def test_the_profile_is_read_only(client):
    assert client.post(SCHEMA_URL).status_code == 405


def test_the_committed_profile_copies_match_what_the_site_serves():
    from preservation.management.commands.profile_write import profile_documents

    docs = Path(__file__).resolve().parents[2] / "docs" / "profiles"
    for name, text in profile_documents().items():
        assert (docs / name).read_text("utf-8") == text, f"run profile_write ({name})"
