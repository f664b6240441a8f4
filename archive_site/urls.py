from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from archive_site.api.api import api as producer_api
from archive_site.pages.downloads import token_download

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("records/", include("access_control.urls")),
    path("api/", producer_api.urls),
    path("profiles/enforcement-case-sip/", include("preservation.urls")),
    path(
        "gongkai/download/<str:token>/",
        token_download,
        name="disclosure_token_download",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
