"""What the Elasticsearch and OpenSearch backends share: analysis and queries.

The index's default analyzer, `archive_chars`, cuts text exactly as
`search.tokens` does for the database backends: a `pattern` tokenizer emits
each letter or digit (`[\\p{L}\\p{N}]`) as a token, then the built-in
`cjk_width` and `lowercase` filters fold width and case (all three are in the
`analysis-common` module that every distribution ships; no plugin is needed).
Each query term becomes a `match_phrase`, so a record matches when it
contains the term, as on the database.

`cjk_bigram` is deliberately not used: it cannot match a one-character query
and cuts digits and Latin letters into words, so 〔2025〕1 would miss
〔2025〕12号 where the database finds it.

Values of one field are sent as a list; Elasticsearch leaves a position gap
between list items, so a phrase never runs from one value into the next.

`SearchBackend(params)` is the one factory for all five engines
(`BACKEND: "search.backends.engines"`, `ENGINE: "opensearch3"`, …, see
`search.config`): it subclasses modelsearch's backend of that engine with the
mixins below, so the engines differ only in which modelsearch module they
extend. An engine whose client library is not installed is refused with an
`InvalidSearchBackendError` naming the engine and the missing module, and so
is `elasticsearch7` with a client other than 7.x: modelsearch's 7.x backend
sends `body=` as 7.x's API wants. Its extra pins the 7.13 client because 7.14
and later refuse every server that does not call itself Elastic's default
distribution, such as the Apache-2.0 Elasticsearch 7.10.2 that CI runs.
"""

import functools
import sys
from copy import deepcopy
from importlib import import_module
from types import ModuleType

from modelsearch.backends import InvalidSearchBackendError
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import deep_update

from search import tokens
from search.config import ENGINES

ANALYZER = "archive_chars"
INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "tokenizer": {
                "archive_char": {
                    "type": "pattern",
                    # Not the half-width voiced marks ﾞ and ﾟ: cjk_width turns
                    # them into combining marks, which `search.tokens` drops.
                    "pattern": "[\\p{L}\\p{N}&&[^\\uFF9E\\uFF9F]]",
                    "group": 0,
                }
            },
            "analyzer": {
                ANALYZER: {
                    "type": "custom",
                    "tokenizer": "archive_char",
                    "filter": ["cjk_width", "lowercase"],
                },
                # Every text field without an analyzer of its own uses this.
                "default": {
                    "type": "custom",
                    "tokenizer": "archive_char",
                    "filter": ["cjk_width", "lowercase"],
                },
            },
        }
    }
}
# Engines whose client library must be of one major version.
CLIENT_MAJOR = {"elasticsearch7": 7}
FACET_SIZE = 1000
MATCH_NONE = {"bool": {"must_not": {"match_all": {}}}}


class ChineseEngineMixin:
    """Backend: the archive's analysis, merged under the deployment's settings."""

    def __init__(self, params):
        params = dict(params)
        params["INDEX_SETTINGS"] = deep_update(
            deepcopy(INDEX_SETTINGS), params.get("INDEX_SETTINGS", {})
        )
        super().__init__(params)


class PhraseCompilerMixin:
    """Query compiler: every term of a query is a phrase of its characters."""

    def _compile_plaintext_query(self, query: PlainText, fields, boost=1.0):
        terms = tokens.query_terms(query.query_string)
        if not terms:
            return MATCH_NONE
        phrases = [self._phrase(term, fields, boost) for term in terms]
        if len(phrases) == 1:
            return phrases[0]
        occur = "must" if query.operator.lower() == "and" else "should"
        return {"bool": {occur: phrases}}

    def _compile_phrase_query(self, query: Phrase, fields):
        term = tokens.chars(query.query_string)[: tokens.MAX_TERM_CHARS]
        return self._phrase(term, fields) if term else MATCH_NONE

    def _phrase(self, term: str, fields, boost: float = 1.0) -> dict:
        body = {"query": term, "type": "phrase"}
        body["fields"] = [field.field_name_with_boost for field in fields]
        if boost != 1.0:
            body["boost"] = boost
        return {"multi_match": body}


class FacetResultsMixin:
    """Search results: facets count every value, not only the ten largest."""

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            return super().facet(field_name)  # raises FilterFieldError
        body = self._get_es_body(for_count=True)
        column = self.query_compiler.mapping.get_field_column_name(field)
        body["aggregations"] = {
            field_name: {"terms": {"field": column, "size": FACET_SIZE}}
        }
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        response = self._backend_do_search(body, index=index.name, size=0)
        buckets = response["aggregations"][field_name]["buckets"]
        return {bucket["key"]: bucket["doc_count"] for bucket in buckets}


@functools.cache
def engine_backend_class(engine: str) -> type:
    """modelsearch's backend of `engine` (one of `search.config.ENGINES`) with
    the archive's analysis, phrase queries and complete facets."""
    if engine not in ENGINES:
        raise InvalidSearchBackendError(
            f"ENGINE={engine!r} 无效；可选 {'、'.join(ENGINES)}。"
        )
    try:
        engine_client(engine)
        base = import_module(f"modelsearch.backends.{engine}").SearchBackend
    except ImportError as error:
        raise InvalidSearchBackendError(
            f"SEARCH_BACKEND={engine} 需要的客户端库未安装（{error}）。"
        ) from error
    _client_version_check(engine)
    compiler = type(
        "ChineseQueryCompiler", (PhraseCompilerMixin, base.query_compiler_class), {}
    )
    results = type("ChineseSearchResults", (FacetResultsMixin, base.results_class), {})
    attrs = {"query_compiler_class": compiler, "results_class": results}
    return type("ChineseSearchBackend", (ChineseEngineMixin, base), attrs)


CLIENT_MODULES = {"elasticsearch": "elasticsearch", "opensearch": "opensearchpy"}


def engine_client(engine: str) -> ModuleType:
    """The client library `engine` talks through, imported (ImportError when
    it is not installed).

    The Elasticsearch client is imported with NumPy hidden from it: the 7.13
    client (the last that accepts the Apache-2.0 7.10 server, see the
    module's docstring) names `np.float_` on import, which NumPy 2 removed
    (NumPy comes with the OCR engine), and catches only ImportError. Without
    NumPy its serializer just leaves out NumPy types, which the archive never
    sends.
    """
    name = CLIENT_MODULES[engine.rstrip("0123456789")]
    if name != "elasticsearch" or name in sys.modules:
        return import_module(name)
    saved = sys.modules.get("numpy")
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        return import_module(name)
    finally:
        if saved is None:
            del sys.modules["numpy"]
        else:
            sys.modules["numpy"] = saved


def _client_version_check(engine: str) -> None:
    """Refuse `engine` when its client library is of another major version."""
    major = CLIENT_MAJOR.get(engine)
    if major is None:
        return
    version = engine_client(engine).__versionstr__
    if version.split(".")[0] != str(major):
        raise InvalidSearchBackendError(
            f"SEARCH_BACKEND={engine} 需要 {major}.x 版的客户端库"
            f'（pip install ".[{engine}]"），已安装的是 {version}。'
        )


def SearchBackend(params):  # modelsearch looks up this name
    """The backend `params["ENGINE"]` names, given the other params."""
    params = dict(params)
    engine = params.pop("ENGINE", "")
    return engine_backend_class(engine)(params)
