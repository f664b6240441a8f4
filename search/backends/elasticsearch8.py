"""elasticsearch8 with the archive's Chinese analysis (`search.backends.engines`)."""

from modelsearch.backends import elasticsearch8 as base

from search.backends.engines import (
    ChineseEngineMixin,
    FacetResultsMixin,
    PhraseCompilerMixin,
)


class ChineseQueryCompiler(PhraseCompilerMixin, base.Elasticsearch8SearchQueryCompiler):
    pass


class ChineseSearchResults(FacetResultsMixin, base.Elasticsearch8SearchResults):
    pass


class ChineseSearchBackend(ChineseEngineMixin, base.Elasticsearch8SearchBackend):
    query_compiler_class = ChineseQueryCompiler
    results_class = ChineseSearchResults


SearchBackend = ChineseSearchBackend
