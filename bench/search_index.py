"""Indexing for the search benchmark, and what each index costs on disk.

Every record is indexed as `update_index` does (the backend's rebuilder,
`add_model`, then `add_items` in chunks in pk order, then `finish()`), timed
in three parts: reading the records, the backend's Python preparation and the
write. Sizes come from SQLite's `dbstat` and OpenSearch's `_stats`. Also the
OpenSearch backend's settings, description and clean-up.
"""

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from unittest import mock

from ingest_machine import MiB
from ingest_runs import timed
from search_corpus import advance, bar

INDEX_CHUNK = 1000  # modelsearch's rebuild_modelsearch_index default
OPENSEARCH_TIMEOUT = 120  # seconds per request: a bulk of 1000 records is ~8 MB


# --- indexing ------------------------------------------------------------------


@dataclass
class Indexed:
    backend: str
    seconds: float
    fetch: float  # reading the records from the database
    prepare: float  # Python: tokenizing (database) or building documents (engine)
    write: float  # the rest of add_items: SQL + FTS5, or the bulk requests
    size: dict[str, int] = field(default_factory=dict)
    name: str = ""


def record_chunks(size: int) -> Iterator[list]:
    """The records in pk order, `size` at a time (keyset, not OFFSET)."""
    from search.models import CaseSearchRecord

    last = 0
    while True:
        chunk = list(
            CaseSearchRecord.get_indexed_objects()
            .filter(pk__gt=last)
            .order_by("pk")[:size]
        )
        if not chunk:
            return
        last = chunk[-1].pk
        yield chunk


def rebuild(name: str, backend, count: int, patches) -> Indexed:
    """Index every record as `update_index` does: rebuilder, add_model, chunks.

    Inside `patches(totals)`, the backend's Python preparation is timed.
    """
    from search.models import CaseSearchRecord

    totals = {"fetch": 0.0, "prepare": 0.0, "add": 0.0}
    started = time.perf_counter()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(CaseSearchRecord))
    index = rebuilder.start()
    index.add_model(CaseSearchRecord)
    with bar(f"index: {name}", count) as progress, patches(totals):
        chunks = record_chunks(INDEX_CHUNK)
        while True:
            t = time.perf_counter()
            chunk = next(chunks, None)
            totals["fetch"] += time.perf_counter() - t
            if chunk is None:
                break
            t = time.perf_counter()
            index.add_items(CaseSearchRecord, chunk)
            totals["add"] += time.perf_counter() - t
            advance(progress, len(chunk), started)
    rebuilder.finish()  # the engine: refresh, then point the alias at the index
    seconds = time.perf_counter() - started
    write = totals["add"] - totals["prepare"]
    indexed = Indexed(name, seconds, totals["fetch"], totals["prepare"], write)
    indexed.name = getattr(index, "name", "")
    return indexed


@contextlib.contextmanager
def sqlite_patches(totals: dict[str, float]) -> Iterator[None]:
    from search.backends.sqlite import CharIndexer

    wrapped = timed(CharIndexer._indexed, "prepare", totals)
    with mock.patch.object(CharIndexer, "_indexed", wrapped):
        yield


@contextlib.contextmanager
def postgres_patches(totals: dict[str, float]) -> Iterator[None]:
    from search.backends.postgres import GramIndexer

    vector = timed(GramIndexer._vector, "prepare", totals)
    text = timed(GramIndexer._text, "prepare", totals)
    with (
        mock.patch.object(GramIndexer, "_vector", vector),
        mock.patch.object(GramIndexer, "_text", text),
    ):
        yield


def postgres_sizes() -> dict[str, int]:
    """Bytes on disk per table (with its indices and TOAST), and the database."""
    from django.db import connection

    from dossiers.models import Case
    from search.backends.postgres import IndexEntry
    from search.models import CaseSearchRecord

    parts = {
        "index entries (vectors, folded text)": IndexEntry._meta.db_table,
        "search records (the text)": CaseSearchRecord._meta.db_table,
        "cases": Case._meta.db_table,
    }
    sizes = {}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        for part, table in parts.items():
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes[part] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        sizes["database (all of it)"] = cursor.fetchone()[0]
    return sizes


def engine_patches(backend):
    @contextlib.contextmanager
    def patches(totals: dict[str, float]) -> Iterator[None]:
        mapping = backend.mapping_class
        wrapped = timed(mapping.get_document, "prepare", totals)
        with mock.patch.object(mapping, "get_document", wrapped):
            yield

    return patches


def sqlite_sizes() -> dict[str, int]:
    """Bytes on disk per part, from SQLite's dbstat (after a WAL checkpoint)."""
    from django.db import connection

    from dossiers.models import Case
    from search.backends.sqlite import IndexEntry, SQLiteFTSIndexEntry
    from search.models import CaseSearchRecord

    fts = SQLiteFTSIndexEntry._meta.db_table
    parts = {  # part -> the tables whose pages (and indices' pages) it counts
        "FTS5 index (_data, _idx)": {f"{fts}_data", f"{fts}_idx"},
        "FTS5 copy of the text (_content, _docsize, _config)": {
            f"{fts}_content",
            f"{fts}_docsize",
            f"{fts}_config",
        },
        "index entries (spaced text)": {IndexEntry._meta.db_table},
        "search records (the text)": {CaseSearchRecord._meta.db_table},
        "cases": {Case._meta.db_table},
    }
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("SELECT name, tbl_name FROM sqlite_master")
        owner = dict(cursor.fetchall())
        cursor.execute("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE")
        rows = cursor.fetchall()
    sizes = dict.fromkeys([*parts, "everything else"], 0)
    for name, size in rows:
        table = name if name.startswith(fts) else owner.get(name, name)
        part = next((p for p, tables in parts.items() if table in tables), None)
        sizes[part or "everything else"] += size
    return sizes


def engine_sizes(backend, index_name: str) -> dict[str, int]:
    stats = backend.es.indices.stats(index=index_name, metric="store,docs,segments")
    primaries = stats["_all"]["primaries"]
    return {
        "store, primaries": primaries["store"]["size_in_bytes"],
        "docs": primaries["docs"]["count"],
        "segments": primaries["segments"]["count"],
    }


# --- the engine ------------------------------------------------------------------


def engine_config(url: str, prefix: str) -> dict:
    from search.config import backend_settings

    config = backend_settings(
        {
            "SEARCH_BACKEND": "opensearch3",
            "SEARCH_URL": url,
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_TIMEOUT": str(OPENSEARCH_TIMEOUT),
        }
    )
    return {**config, "AUTO_UPDATE": False}


def engine_describe(backend) -> str:
    info = backend.es.info()
    nodes = backend.es.nodes.stats(metric="jvm")["nodes"].values()
    heap = sum(n["jvm"]["mem"]["heap_max_in_bytes"] for n in nodes)
    processors = [
        n["os"].get("available_processors")
        for n in backend.es.nodes.info(metric="os")["nodes"].values()
    ]
    return (
        f"OpenSearch {info['version']['number']} (Lucene "
        f"{info['version']['lucene_version']}), {len(processors)} node, heap "
        f"{heap / MiB:.0f} MiB, processors {processors}, on this machine"
    )


def engine_cleanup(backend, prefix: str) -> list[str]:
    """Delete every index this run made (they all start with its prefix)."""
    names = list(backend.es.indices.get(index=f"{prefix}*").keys())
    for name in names:
        backend.es.indices.delete(index=name)
    return names
