from django.apps import AppConfig


class ProducerApiConfig(AppConfig):
    name = "producer_api"
    verbose_name = "提交接口"
    default_auto_field = "django.db.models.BigAutoField"
