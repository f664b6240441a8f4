"""PostgreSQL: a GIN index on the expression the database backend's prefilter
searches, `title || body` (search/backends/postgres.py). The indices Wagtail
creates are on each column apart, so every search scanned and concatenated
every record's vectors; with this one a rare term is found through the index
(issue #17). Nothing on SQLite."""

from django.db import migrations

INDEX = "search_entry_vector_gin"
TABLE = "wagtailsearch_indexentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0003_search_record_facets"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
