"""Triggers below Django: the one place their SQL is run.

An app that makes the database itself refuse a write — the access log's
append-only triggers (`access_control.db_triggers`), the deletion protection
of archived records (`preservation.deletion.triggers`) — states its
statements per vendor and runs them from a migration through
`statements_run`. What every such module must allow for:

- SQLite: a migration that rebuilds a table (most `AlterField`s) drops the
  table's triggers, so it must install them again.
- Django's `flush` truncates on PostgreSQL, which fires no row trigger, but
  deletes row by row on SQLite, so a SQLite `DELETE` trigger fires on it.
"""

from collections.abc import Iterable


def statements_run(connection, statements: Iterable[str]) -> None:
    """Execute `statements` in order on `connection` (a vendor's list)."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
