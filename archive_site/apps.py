import sys

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _willow_import_without_opencv() -> None:
    """Import Willow while `cv2` cannot be imported, then let it be imported again.

    `import willow` probes every image plugin, and its OpenCV probe imports
    `cv2` (installed for OCR by rapidocr-onnxruntime): 68 MB in every web
    process. We never use Wagtail's feature detection (the only user of the
    OpenCV plugin; WAGTAILIMAGES_FEATURE_DETECTION_ENABLED stays off), so Willow
    may mark the plugin unavailable. This module is imported before
    wagtail.images loads Willow; OCR's later `import cv2` works as usual.
    """
    if "willow" in sys.modules or "cv2" in sys.modules:
        return
    sys.modules["cv2"] = None  # makes `import cv2` raise ImportError
    try:
        import willow  # noqa: F401
    finally:
        del sys.modules["cv2"]


_willow_import_without_opencv()


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
