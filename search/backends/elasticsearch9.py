"""elasticsearch9 with the archive's Chinese analysis (`search.backends.engines`)."""

from modelsearch.backends import elasticsearch9 as base

from search.backends.engines import (
    ChineseEngineMixin,
    FacetResultsMixin,
    PhraseCompilerMixin,
)


class ChineseQueryCompiler(PhraseCompilerMixin, base.Elasticsearch9SearchQueryCompiler):
    pass


class ChineseSearchResults(FacetResultsMixin, base.Elasticsearch9SearchResults):
    pass


class ChineseSearchBackend(ChineseEngineMixin, base.Elasticsearch9SearchBackend):
    query_compiler_class = ChineseQueryCompiler
    results_class = ChineseSearchResults


SearchBackend = ChineseSearchBackend
