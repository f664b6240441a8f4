from django.apps import AppConfig


class ArchiveSiteConfig(AppConfig):
    name = "archive_site"
    verbose_name = "档案馆网站"
    default_auto_field = "django.db.models.BigAutoField"
