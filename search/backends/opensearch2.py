"""opensearch2 with the archive's Chinese analysis (`search.backends.engines`)."""

from modelsearch.backends import opensearch2 as base

from search.backends.engines import (
    ChineseEngineMixin,
    FacetResultsMixin,
    PhraseCompilerMixin,
)


class ChineseQueryCompiler(PhraseCompilerMixin, base.OpenSearch2SearchQueryCompiler):
    pass


class ChineseSearchResults(FacetResultsMixin, base.OpenSearch2SearchResults):
    pass


class ChineseSearchBackend(ChineseEngineMixin, base.OpenSearch2SearchBackend):
    query_compiler_class = ChineseQueryCompiler
    results_class = ChineseSearchResults


SearchBackend = ChineseSearchBackend
