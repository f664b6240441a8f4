from django.apps import AppConfig


class DossierReviewConfig(AppConfig):
    """案卷评查: sampled review rounds, checklists, scores and the 评查报告."""

    name = "dossiers.review"
    label = "dossier_review"
    verbose_name = "案卷评查"
    default_auto_field = "django.db.models.BigAutoField"
