"""Database triggers that refuse to delete archived rows without a permit.

One `BEFORE DELETE … FOR EACH ROW` trigger per table of
`guard.PROTECTED`, with the rule's condition and message, so that raw SQL,
a shell or a script is refused like the ORM (both raise `IntegrityError`).
Deletions Django cascades (a case's parties, a dossier's items) fire them
too. `preservation_deletionpermit` itself is append-only in the way of
`access_control.db_triggers`:

- PostgreSQL: `UPDATE` and `DELETE` of permits raise. `TRUNCATE` fires no row
  trigger (Django's test runner empties tables with it).
- SQLite: `UPDATE` of permits is refused, `DELETE` is not, because Django's
  `flush` empties tables row by row: the suite's transactional tests permit
  their rows before that (`tests/conftest.py`); a real flush must do the same.

Installed by migration 0007. On SQLite a migration that rebuilds a table
(most `AlterField`s, an `AddField` with a default) drops that table's
trigger, and rebuilding a table that another table's trigger reads
(`dossiers_dossier`, read by the item trigger) fails outright ("error in
trigger …: no such table"). So on SQLite `migrate` removes every trigger
before the first migration (`pre_migrate`) and installs them again after
the last (`post_migrate`), whatever the order the migrations are applied in
(`deletion_triggers_around_migrate`); a migration that needs the triggers
installs them through `deletion_triggers_migration_install`, which on
SQLite leaves it to `post_migrate`.
`tests/preservation/test_deletion_protection.py` checks every trigger is
there.
"""

from dossiers.db_triggers import statements_run
from preservation.deletion.guard import PROTECTED, Protected

PERMITS = "preservation_deletionpermit"
TRIGGER = "{table}_retention_protected"
PERMITS_TRIGGER = f"{PERMITS}_append_only"


def _permit_missing(spec: Protected) -> str:
    own = f"(p.table_name = '{spec.table}' AND p.row_id = OLD.id)"
    if spec.part_of is not None:
        table, column = spec.part_of
        own += f" OR (p.table_name = '{table}' AND p.row_id = OLD.{column})"
    # Only names from `PROTECTED` go into the statement, never input.
    return f"NOT EXISTS (SELECT 1 FROM {PERMITS} p WHERE {own})"  # noqa: S608


def _condition(spec: Protected) -> str:
    return f"({spec.archived_sql}) AND {_permit_missing(spec)}"


def _postgresql(spec: Protected) -> list[str]:
    name = TRIGGER.format(table=spec.table)
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    IF {_condition(spec)} THEN\n"
        f"        RAISE EXCEPTION '{spec.message}'\n"
        "            USING ERRCODE = 'restrict_violation';\n"
        "    END IF;\n    RETURN OLD;\nEND;\n$$",
        f"DROP TRIGGER IF EXISTS {name} ON {spec.table}",
        f"CREATE TRIGGER {name} BEFORE DELETE ON {spec.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _sqlite(spec: Protected) -> list[str]:
    name = TRIGGER.format(table=spec.table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE DELETE ON {spec.table} "
        f"FOR EACH ROW WHEN {_condition(spec)} "
        f"BEGIN SELECT RAISE(ABORT, '{spec.message}'); END",
    ]


def _permits_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {PERMITS_TRIGGER}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$\nBEGIN\n    RAISE EXCEPTION "
            "'删除许可只能追加：拒绝 % %', TG_OP, TG_TABLE_NAME\n"
            "        USING ERRCODE = 'restrict_violation';\nEND;\n$$",
            f"DROP TRIGGER IF EXISTS {PERMITS_TRIGGER} ON {PERMITS}",
            f"CREATE TRIGGER {PERMITS_TRIGGER} BEFORE UPDATE OR DELETE ON {PERMITS} "
            f"FOR EACH ROW EXECUTE FUNCTION {PERMITS_TRIGGER}()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {PERMITS_TRIGGER} BEFORE UPDATE ON {PERMITS} "
        "BEGIN SELECT RAISE(ABORT, '删除许可只能追加，不能修改。'); END"
    ]


def _install_sql(vendor: str) -> list[str]:
    per_table = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if per_table is None:
        return []
    statements = _permits_sql(vendor)
    for spec in PROTECTED:
        statements += per_table(spec)
    return statements


def _remove_sql(vendor: str) -> list[str]:
    names = [(TRIGGER.format(table=s.table), s.table) for s in PROTECTED]
    names.append((PERMITS_TRIGGER, PERMITS))
    if vendor == "postgresql":
        return [
            sql
            for name, table in names
            for sql in (
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            )
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name, _table in names]
    return []


def deletion_triggers_install(connection) -> None:
    """Create (or re-create) every trigger; safe to run again."""
    statements_run(connection, _install_sql(connection.vendor))


def deletion_triggers_migration_install(connection) -> None:
    """For a migration's RunPython: PostgreSQL at once; SQLite after the whole
    `migrate` (see the module docstring), as a later migration may rebuild
    a table a trigger reads."""
    if connection.vendor != "sqlite":
        deletion_triggers_install(connection)


def deletion_triggers_remove(connection) -> None:
    statements_run(connection, _remove_sql(connection.vendor))


def deletion_triggers_expected() -> list[str]:
    """The names of the triggers an installed database has."""
    return [PERMITS_TRIGGER] + [TRIGGER.format(table=s.table) for s in PROTECTED]


def _sqlite_connection(using: str):
    from django.db import connections

    connection = connections[using]
    return connection if connection.vendor == "sqlite" else None


def _triggers_remove_before_migrate(*, using: str, **_kwargs) -> None:
    connection = _sqlite_connection(using)
    if connection is not None:
        deletion_triggers_remove(connection)


def _triggers_install_after_migrate(*, using: str, **_kwargs) -> None:
    connection = _sqlite_connection(using)
    if connection is None:
        return
    tables = set(connection.introspection.table_names())
    # A migrate to an earlier state may leave some tables out: no triggers.
    if {PERMITS, *(spec.table for spec in PROTECTED)} <= tables:
        deletion_triggers_install(connection)


def deletion_triggers_around_migrate() -> None:
    """On SQLite: no deletion trigger while migrations run, all after."""
    from django.db.models.signals import post_migrate, pre_migrate

    pre_migrate.connect(
        _triggers_remove_before_migrate, dispatch_uid="deletion_triggers_remove"
    )
    post_migrate.connect(
        _triggers_install_after_migrate, dispatch_uid="deletion_triggers_install"
    )
