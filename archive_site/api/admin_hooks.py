from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from archive_site.api import views


class TokenMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(views.managed_agencies(request.user))


@hooks.register("register_admin_urls")
def register_token_urls():
    return [
        path("producer-tokens/", views.token_list, name="producer_api_tokens"),
        path(
            "producer-tokens/<int:pk>/rotate/",
            views.token_rotate,
            name="producer_api_token_rotate",
        ),
        path(
            "producer-tokens/<int:pk>/revoke/",
            views.token_revoke,
            name="producer_api_token_revoke",
        ),
        path("producer-api-calls/", views.call_list, name="producer_api_calls"),
    ]


@hooks.register("register_settings_menu_item")
def register_token_menu_item():
    return TokenMenuItem(
        "提交接口令牌", reverse("producer_api_tokens"), icon_name="key", order=620
    )
