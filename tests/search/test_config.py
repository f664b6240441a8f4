"""What a deployment's environment asks of search, and what it refuses."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends import InvalidSearchBackendError, get_search_backend
from modelsearch.query import PlainText

from search.backends.engines import engine_client
from search.config import CONFIGURED, ENGINES, backend_settings, configured_settings
from search.models import CaseSearchRecord


def _configured(engine: str, **environ):
    """The backend a deployment with SEARCH_BACKEND=`engine` gets."""
    params = backend_settings(
        {"SEARCH_BACKEND": engine, "SEARCH_URL": "http://127.0.0.1:9", **environ}
    )
    return get_search_backend(params.pop("BACKEND"), **params)


def test_the_database_is_the_default():
    assert backend_settings({}) == {"BACKEND": "search.backends.database"}
    assert backend_settings({"SEARCH_BACKEND": " "})["BACKEND"].endswith("database")


def test_the_estimate_bound_is_read_and_checked():
    assert backend_settings({"SEARCH_ESTIMATE_ABOVE": " 20000 "}) == {
        "BACKEND": "search.backends.database",
        "ESTIMATE_ABOVE": 20000,
    }
    for wrong in ("many", "-1", "1.5"):
        with pytest.raises(ImproperlyConfigured, match="SEARCH_ESTIMATE_ABOVE"):
            backend_settings({"SEARCH_ESTIMATE_ABOVE": wrong})


@pytest.mark.parametrize(
    "engine",
    [
        "opensearch3",
        "opensearch2",
        "elasticsearch9",
        "elasticsearch8",
        "elasticsearch7",
    ],
)
def test_an_engine_takes_its_urls_prefix_and_timeout(engine):
    config = backend_settings(
        {
            "SEARCH_BACKEND": engine,
            "SEARCH_URL": "https://u:p@a.example:9200, https://u:p@b.example:9200",
            "SEARCH_INDEX_PREFIX": "zh_",
            "SEARCH_TIMEOUT": "30",
        }
    )
    assert (config["BACKEND"], config["ENGINE"]) == ("search.backends.engines", engine)
    assert config["URLS"] == [
        "https://u:p@a.example:9200",
        "https://u:p@b.example:9200",
    ]
    assert (config["INDEX_PREFIX"], config["TIMEOUT"]) == ("zh_", 30)


def test_an_engine_without_a_url_is_refused_by_name():
    with pytest.raises(
        ImproperlyConfigured, match="SEARCH_BACKEND=opensearch3 需要 SEARCH_URL"
    ):
        backend_settings({"SEARCH_BACKEND": "opensearch3"})


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(ImproperlyConfigured, match=r"solr.*database"):
        backend_settings({"SEARCH_BACKEND": "solr", "SEARCH_URL": "http://x"})


def test_the_opensearch_backend_carries_the_archive_analysis():
    from search.backends.engines import SearchBackend

    backend = SearchBackend(
        {
            "ENGINE": "opensearch3",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        }
    )
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == ["cjk_width", "lowercase"]
    assert analysis["tokenizer"]["archive_char"]["type"] == "pattern"
    # The deployment's own settings are kept beside the archive's.
    assert backend.settings["settings"]["index"]["number_of_replicas"] == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_searches_each_term_as_a_phrase_of_its_characters(engine):
    try:
        engine_client(engine)
    except ImportError:
        pytest.skip(f"{engine}: client not installed")
    backend = _configured(engine)
    results = backend.search(
        PlainText("送达 〔2025〕12", operator="and"), CaseSearchRecord.objects.all()
    )
    query = results.query_compiler.get_query()["bool"]["must"]
    phrases = [clause["multi_match"] for clause in query["bool"]["must"]]
    assert [(p["query"], p["type"]) for p in phrases] == [
        ("送达", "phrase"),
        ("202512", "phrase"),
    ]
    analyzer = backend.settings["settings"]["analysis"]["analyzer"]["default"]
    assert analyzer["tokenizer"] == "archive_char"


def test_an_engine_without_its_client_library_is_refused_by_name():
    if importlib.util.find_spec("elasticsearch") is not None:
        pytest.skip("the Elasticsearch client is installed here")
    with pytest.raises(
        InvalidSearchBackendError, match="SEARCH_BACKEND=elasticsearch9 需要的客户端库"
    ):
        _configured("elasticsearch9")


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(InvalidSearchBackendError, match=r"solr.*opensearch3"):
        get_search_backend("search.backends.engines", ENGINE="solr")


def test_the_configured_entry_is_interpreted_by_search_not_by_settings():
    params = {
        "BACKEND": CONFIGURED,
        "SEARCH_BACKEND": "opensearch3",
        "SEARCH_URL": "http://127.0.0.1:9",
        "AUTO_UPDATE": False,
    }
    config = configured_settings(params)
    assert config == {
        **backend_settings(
            {"SEARCH_BACKEND": "opensearch3", "SEARCH_URL": "http://127.0.0.1:9"}
        ),
        "AUTO_UPDATE": False,
    }
    backend = get_search_backend(CONFIGURED, **params)
    assert "archive_chars" in backend.settings["settings"]["analysis"]["analyzer"]


def test_a_wrong_search_backend_still_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.dev",
            "SEARCH_BACKEND": "solr",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SEARCH_BACKEND='solr' 无效" in result.stderr
