from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "archive_search"
    verbose_name = "检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from search.signal_handlers import register_signal_handlers

        register_signal_handlers()
