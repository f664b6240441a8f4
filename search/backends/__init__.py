"""Chinese-aware subclasses of modelsearch's backends.

- `search.backends.database`: SQLite FTS5 or PostgreSQL, whichever database
  the archive runs on (the embedded default);
- `search.backends.engines`: one factory for the engines (`ENGINE`:
  `elasticsearch7`, `elasticsearch8`, `elasticsearch9`, `opensearch2` or
  `opensearch3`), with the
  `archive_chars` analyzer.

Every one of them tokenizes as `search.tokens` says and turns each query term
into a phrase of single characters, so that they all return the same records.
"""
