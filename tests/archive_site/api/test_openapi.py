"""The OpenAPI 3 document is served, valid, and documents what producers use."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_served_and_valid(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/sips",
        "/api/v1/sips/{sip_id}",
        "/api/v1/cases/{case_number}",
    } <= set(document["paths"])
    schemes = document["components"]["securitySchemes"].values()
    assert [s["scheme"] for s in schemes] == ["bearer"]


def test_the_docs_page_is_served_without_a_token(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
