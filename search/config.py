"""The search backends a deployment asks for, from its environment.

The settings copy these variables, as strings, into a backend entry with
`BACKEND: "search.backends.configured"` (`CONFIGURED`); `configured_settings`
interprets such an entry here. Loaded while the backends are set up, so it
must not touch Django models.

- `SEARCH_BACKEND`: `database` (default: SQLite FTS5 or PostgreSQL, whichever
  the archive runs on), `elasticsearch7`, `elasticsearch8`, `elasticsearch9`,
  `opensearch2` or `opensearch3`;
- `SEARCH_URL`: the engine's address(es), comma-separated, with credentials in
  the URL if any (`https://user:pass@search.example:9200`); required for an
  engine;
- `SEARCH_INDEX_PREFIX`: prefix of the engine's index names (default `archive_`);
- `SEARCH_TIMEOUT`: seconds per request to the engine (default 10);
- `SEARCH_ESTIMATE_ABOVE`: on PostgreSQL, the number of candidates above
  which the search page is counted from the index and a long term's counts
  are estimated (default 5000, `search.backends.postgres_page`).
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DATABASE = "database"
ENGINES = (
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)
CONFIGURED = "search.backends.configured"
ENVIRONMENT = (
    "SEARCH_BACKEND",
    "SEARCH_URL",
    "SEARCH_INDEX_PREFIX",
    "SEARCH_TIMEOUT",
    "SEARCH_ESTIMATE_ABOVE",
)
ESTIMATE_ABOVE = 5000


def configured_settings(params: Mapping) -> dict:
    """A `CONFIGURED` entry's `SEARCH_*` values interpreted; other keys kept."""
    environ = {name: params[name] for name in ENVIRONMENT if name in params}
    rest = {
        k: v
        for k, v in params.items()
        if k != "BACKEND" and not k.startswith("SEARCH_")
    }
    return {**backend_settings(environ), **rest}


def backend_settings(environ: Mapping[str, str]) -> dict:
    """One `WAGTAILSEARCH_BACKENDS` entry for the configured backend."""
    name = environ.get("SEARCH_BACKEND", "").strip() or DATABASE
    if name == DATABASE:
        database = {"BACKEND": "search.backends.database"}
        if above := environ.get("SEARCH_ESTIMATE_ABOVE", "").strip():
            database["ESTIMATE_ABOVE"] = _count("SEARCH_ESTIMATE_ABOVE", above)
        return database
    if name not in ENGINES:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={name!r} 无效；可选 {DATABASE}、{'、'.join(ENGINES)}。"
        )
    urls = [u.strip() for u in environ.get("SEARCH_URL", "").split(",") if u.strip()]
    if not urls:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name} 需要 SEARCH_URL。")
    return {
        "BACKEND": "search.backends.engines",
        "ENGINE": name,
        "URLS": urls,
        "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "archive_"),
        "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "10")),
        # The archive rebuilds an index under a new name and switches an alias,
        # so searches keep working during `update_index`.
        "ATOMIC_REBUILD": True,
    }


def _count(name: str, value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ImproperlyConfigured(f"{name}={value!r} 无效：须为不小于 0 的整数。")
    return count
