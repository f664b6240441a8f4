from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "dossiers.devices"
    label = "devices"
    verbose_name = "现场执法记录设备"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing the rules registers them with dossiers.rules (case_check).
        from dossiers.devices import rules  # noqa: F401
        from dossiers.devices.signal_handlers import register_signal_handlers

        register_signal_handlers()
