"""What a deployment's environment asks of search, and what it refuses."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.config import backend_settings


def test_the_database_is_the_default():
    assert backend_settings({}) == {"BACKEND": "search.backends.database"}
    assert backend_settings({"SEARCH_BACKEND": " "})["BACKEND"].endswith("database")


@pytest.mark.parametrize(
    "engine", ["opensearch3", "opensearch2", "elasticsearch9", "elasticsearch8"]
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
    assert config["BACKEND"] == f"search.backends.{engine}"
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
    from search.backends.opensearch3 import SearchBackend

    backend = SearchBackend(
        {
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        }
    )
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == ["cjk_width", "lowercase"]
    assert analysis["tokenizer"]["archive_char"]["type"] == "pattern"
    # The deployment's own settings are kept beside the archive's.
    assert backend.settings["settings"]["index"]["number_of_replicas"] == 0
