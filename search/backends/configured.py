"""`BACKEND: "search.backends.configured"`: the backend the environment asks for.

The settings import nothing of ours: they only copy the deployment's
`SEARCH_*` environment variables into this entry as plain strings.
`search.config.configured_settings` interprets them (the database backend, or
one of the engines with its URLs, prefix and timeout) and this factory builds
that backend. `SearchConfig.ready` interprets them once at start-up as well,
so a wrong value still stops the archive from starting.
"""

from modelsearch.backends import import_backend

from search.config import configured_settings


def SearchBackend(params):  # modelsearch looks up this name
    config = configured_settings(params)
    return import_backend(config.pop("BACKEND"))(config)
