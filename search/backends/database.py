"""The database backend for whichever database the archive runs on."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # modelsearch looks up this name
    if connection.vendor == "sqlite":
        from search.backends.sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        from search.backends.postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    raise ImproperlyConfigured(
        f"全文检索的数据库后端只支持 SQLite 和 PostgreSQL，当前为 {connection.vendor}。"
    )
