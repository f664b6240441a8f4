from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "archive_search"
    verbose_name = "检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from search.config import CONFIGURED, configured_settings
        from search.signal_handlers import register_signal_handlers

        # A wrong SEARCH_* value stops the start, as when settings read it.
        for params in settings.WAGTAILSEARCH_BACKENDS.values():
            if params.get("BACKEND") == CONFIGURED:
                configured_settings(params)
        register_signal_handlers()
