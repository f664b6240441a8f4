"""SQLite: index the case search records' Latin and digit runs as triples.

The SQLite backend now looks up a term made only of letters and digits
(`43041900123`) as a phrase of triples in the FTS5 table's `autocomplete`
column, which the records (without autocomplete fields) leave free
(`search/backends/sqlite.py`, issue #17). New and re-indexed records get
their triples from the indexer; this fills them in for the records indexed
before, from the single-character text already stored (the update trigger
carries them into FTS5). About a minute per 100,000 records. Nothing on
PostgreSQL.
"""

from django.db import migrations

from search.tokens import VALUE_BREAK, run_triples

TABLE = "wagtailsearch_indexentry"
BATCH = 2000


def fill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind = ContentType.objects.filter(
        app_label="archive_search", model="casesearchrecord"
    ).first()
    if kind is None:
        return
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, title, body FROM {TABLE}"  # noqa: S608 - our constant
                " WHERE content_type_id = %s AND id > %s ORDER BY id LIMIT %s",
                [kind.pk, last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                f"UPDATE {TABLE} SET autocomplete = %s WHERE id = %s",  # noqa: S608
                [
                    (run_triples(f"{title} {VALUE_BREAK} {body}"), pk)
                    for pk, title, body in rows
                ],
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0004_entry_vector_gin"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
