"""Database triggers that keep the access log append-only below Django.

The models refuse `save()` on existing rows and `delete()`, and the querysets
refuse bulk `update()`/`delete()`; these triggers make the database itself
refuse them, whatever client writes (a shell, a script, a stray migration).

- PostgreSQL: `UPDATE` and `DELETE` of log entries and checkpoints raise an
  error. `TRUNCATE` is left to the database's privileges (Django's test runner
  empties tables with it).
- SQLite: `UPDATE` is refused; `DELETE` is not, because Django's own `flush`
  (transactional tests) empties tables row by row. Verification still detects
  deletions.

Installed by migration 0006; a DBA who drops them is still caught by
`access_log_verify`. On SQLite, a later migration that rebuilds one of these
tables (most `AlterField`s) drops its trigger: such a migration must call
`append_only_triggers_install` again.
"""

from dossiers.db_triggers import statements_run

TABLES = ("access_control_accesslogentry", "access_control_accesslogcheckpoint")

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$
"""


def _install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION] + [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
            for table in TABLES
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END"
            for table in TABLES
        ]
    return []


def _remove_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES
        ] + ["DROP FUNCTION IF EXISTS access_log_append_only()"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only" for table in TABLES]
    return []


def append_only_triggers_install(connection) -> None:
    statements_run(connection, _install_sql(connection.vendor))


def append_only_triggers_remove(connection) -> None:
    statements_run(connection, _remove_sql(connection.vendor))
