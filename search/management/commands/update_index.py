"""`manage.py update_index [--backend NAME] [--chunk-size N] [--schema-only] …`.

Rebuilds what search reads, in bulk: first every case's search record from
the catalogue (`search.services.search_records_refresh_all`), then every
index of every configured backend, a chunk of records at a time. On
Elasticsearch/OpenSearch the new index is built under a fresh name and the
alias switched at the end, so searching goes on meanwhile. It replaces
Wagtail's command of the same name (this app comes first in INSTALLED_APPS)
and indexes Wagtail's own pages, images and documents as well.
"""

import math

from django.core.management.base import CommandError
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    group_models_by_index,
)

from dossiers.commands import ArchiveCommand, int_between
from dossiers.models import Case
from search.services import search_records_refresh_all

CHUNK_SIZE = 500


class Command(ArchiveCommand):
    help = (
        "重建全部案件检索记录和全文索引（数据库或 Elasticsearch/OpenSearch），"
        "显示进度。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", dest="backend_name", help="只更新这个后端")
        parser.add_argument(
            "--chunk-size", type=int_between(1, 100_000), default=CHUNK_SIZE
        )
        parser.add_argument(
            "--schema-only", action="store_true", help="只建立索引结构，不写入数据"
        )
        parser.add_argument(
            "--skip-records", action="store_true", help="不重写案件检索记录"
        )

    def handle(self, *args, backend_name, chunk_size, schema_only, skip_records, **o):
        self.quiet = o["verbosity"] == 0
        configured = list(get_app_config().get_search_backend_config())
        if backend_name and backend_name not in configured:
            raise CommandError(
                f"没有名为 {backend_name} 的检索后端；已配置：{'、'.join(configured)}。"
            )
        if not (skip_records or schema_only):
            self._refresh_records()
        for name in [backend_name] if backend_name else configured:
            self._update(name, chunk_size, schema_only)

    def say(self, message: str) -> None:
        if not self.quiet:
            self.stdout.write(message)

    def _refresh_records(self) -> None:
        # A destroyed case (issue #14) has no search record.
        cases = Case.objects.filter(destroyed_at=None).select_related("agency")
        cases = cases.order_by("pk")
        with self.count_progress(quiet=self.quiet) as bar:
            task = bar.add_task("检索记录", total=cases.count())
            count = search_records_refresh_all(
                cases=cases.iterator(chunk_size=200),
                progress=lambda _case: bar.advance(task),
            )
        self.say(f"已重写 {count} 个案件的检索记录。")

    def _update(self, name: str, chunk_size: int, schema_only: bool) -> None:
        backend = get_search_backend(name)
        grouped = group_models_by_index(backend, get_indexed_models())
        for index, models in grouped.items():
            rebuilder = backend.rebuilder_class(index)
            target = rebuilder.start()
            for model in models:
                target.add_model(model)
            total = 0 if schema_only else self._fill(target, models, chunk_size)
            rebuilder.finish()
            where = getattr(index, "name", "数据库")
            self.say(f"{name}：索引 {where} 已重建，共 {total} 条。")

    def _fill(self, index, models, chunk_size: int) -> int:
        total = 0
        with self.count_progress(quiet=self.quiet) as bar:
            for model in models:
                objects = model.get_indexed_objects().order_by("pk")
                count = objects.count()
                label = str(model._meta.verbose_name)
                task = bar.add_task(label, total=math.ceil(count / chunk_size) or 1)
                for chunk in _chunks(objects, chunk_size):
                    index.add_items(model, chunk)
                    total += len(chunk)
                    bar.advance(task)
        return total


def _chunks(objects, size: int):
    """The objects in pk order, `size` at a time, each chunk read after the
    last pk (OFFSET would re-read every earlier row for each chunk)."""
    last = None
    while chunk := list(
        (objects if last is None else objects.filter(pk__gt=last))[:size]
    ):
        yield chunk
        last = chunk[-1].pk
