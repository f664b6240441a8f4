from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "案卷"
    default_auto_field = "django.db.models.BigAutoField"
