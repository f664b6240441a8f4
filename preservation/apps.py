from django.apps import AppConfig


class PreservationConfig(AppConfig):
    name = "preservation"
    verbose_name = "长期保存"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from preservation.signal_handlers import register_signal_handlers

        register_signal_handlers()
