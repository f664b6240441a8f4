"""The submission profile's stable URLs, one folder per version, and its changelog.

Mounted at /profiles/enforcement-case-sip/ (archive_site.urls). The names
without a version (`case_schema`, `bagit_profile`) give the current version;
with one (`{% url 'preservation:case_schema' '1.0' %}`) that version.
"""

from django.urls import path, register_converter

from preservation import views
from preservation.profile import CURRENT_VERSION, VERSIONS


class ProfileVersionConverter:
    """Only the published versions: any other folder is a 404."""

    regex = "|".join(v.replace(".", r"\.") for v in VERSIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProfileVersionConverter, "profile_version")

app_name = "preservation"
_CURRENT = {"version": CURRENT_VERSION}
urlpatterns = [
    path("changelog", views.changelog_view, name="changelog"),
    path(
        f"{CURRENT_VERSION}/case.schema.json",
        views.case_schema_view,
        _CURRENT,
        name="case_schema",
    ),
    path(
        f"{CURRENT_VERSION}/bagit-profile.json",
        views.bagit_profile_view,
        _CURRENT,
        name="bagit_profile",
    ),
    path(
        "<profile_version:version>/case.schema.json",
        views.case_schema_view,
        name="case_schema",
    ),
    path(
        "<profile_version:version>/bagit-profile.json",
        views.bagit_profile_view,
        name="bagit_profile",
    ),
]
