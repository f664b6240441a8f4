"""Profile 1.1 beside 1.0: both served at their stable URLs, with a changelog."""

import json

import jsonschema
import pytest
from django.urls import reverse

from preservation import profile
from tests.conftest import EXAMPLES, MAJOR, ORDINARY

pytestmark = pytest.mark.django_db

BASE = "/profiles/enforcement-case-sip"


def _get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "json" in response["Content-Type"]
    return json.loads(response.content.decode("utf-8"))


def test_the_1_1_schema_is_served_with_its_optional_fields(client):
    schema = _get_json(client, f"{BASE}/1.1/case.schema.json")

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"{BASE}/1.1/case.schema.json"
    assert schema["properties"]["profile"]["const"] == "enforcement-case-sip/1.1"
    case = schema["properties"]["case"]
    assert {"department", "transferred_on", "back_capture", "source_system"} <= set(
        case["properties"]
    )
    assert not {"department", "transferred_on"} & set(case["required"])
    material = schema["properties"]["materials"]["items"]["properties"]
    assert "location" in material["av"]["properties"]
    assert "state_secret" in material["sensitivity"]["items"]["enum"]


def test_the_1_0_schema_is_still_served_without_the_new_fields(client):
    schema = _get_json(client, f"{BASE}/1.0/case.schema.json")

    assert schema["properties"]["profile"]["const"] == "enforcement-case-sip/1.0"
    assert "department" not in schema["properties"]["case"]["properties"]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_each_bagit_profile_names_its_own_url(client, version):
    document = _get_json(client, f"{BASE}/{version}/bagit-profile.json")

    info = document["BagIt-Profile-Info"]
    assert info["BagIt-Profile-Identifier"] == f"{BASE}/{version}/bagit-profile.json"
    assert info["Version"] == version


@pytest.mark.parametrize("sample", [MAJOR, ORDINARY])
def test_a_1_0_sample_relabelled_1_1_is_valid_1_1(sample):
    document = json.loads((EXAMPLES / sample / "data/case.json").read_text("utf-8"))
    document["profile"] = "enforcement-case-sip/1.1"
    validator = jsonschema.Draft202012Validator(profile.case_json_schema("1.1"))

    assert list(validator.iter_errors(document)) == []


def test_an_unpublished_version_is_not_found(client):
    assert client.get(f"{BASE}/1.2/case.schema.json").status_code == 404


def test_the_changelog_lists_every_version(client):
    changelog = _get_json(client, f"{BASE}/changelog")

    versions = [entry["version"] for entry in changelog["versions"]]
    assert versions == ["1.0", "1.1"]
    assert any("case.department" in c for c in changelog["versions"][1]["changes"])


def test_the_unversioned_link_points_at_the_current_version(client):
    assert reverse("preservation:case_schema") == f"{BASE}/1.1/case.schema.json"
    assert reverse("preservation:case_schema", args=["1.0"]) == (
        f"{BASE}/1.0/case.schema.json"
    )


def test_the_home_page_links_both_versions_and_the_changelog(client):
    from archive_site.models import HomePage

    response = client.get(HomePage.objects.first().url)

    html = response.content.decode()
    assert f"{BASE}/1.1/case.schema.json" in html
    assert f"{BASE}/1.0/case.schema.json" in html
    assert f"{BASE}/changelog" in html
