from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveSiteConfig(AppConfig):
    name = "archive_site"
    verbose_name = "档案馆网站"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive_site.api.selectors import sip_uploads_needed
        from archive_site.permissions import permission_names_translate
        from preservation.selectors import staging_upload_keeper_register

        # The storage janitor keeps the uploads a submission still waits for.
        staging_upload_keeper_register(sip_uploads_needed)

        # Runs after every app's migrations, so every permission exists by then.
        post_migrate.connect(
            permission_names_translate, dispatch_uid="archive_permission_names"
        )
