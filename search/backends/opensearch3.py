"""opensearch3 with the archive's Chinese analysis (`search.backends.engines`)."""

from modelsearch.backends import opensearch3 as base

from search.backends.engines import (
    ChineseEngineMixin,
    FacetResultsMixin,
    PhraseCompilerMixin,
)


class ChineseQueryCompiler(PhraseCompilerMixin, base.OpenSearch3SearchQueryCompiler):
    pass


class ChineseSearchResults(FacetResultsMixin, base.OpenSearch3SearchResults):
    pass


class ChineseSearchBackend(ChineseEngineMixin, base.OpenSearch3SearchBackend):
    query_compiler_class = ChineseQueryCompiler
    results_class = ChineseSearchResults


SearchBackend = ChineseSearchBackend
