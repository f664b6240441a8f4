"""Public, stable URLs of the submission profile, for producers to validate against."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from preservation.profile import CHANGELOG, bagit_profile, case_json_schema

_JSON = {"ensure_ascii": False, "indent": 2}


@require_GET
@cache_control(public=True, max_age=3600)
def case_schema_view(request, version: str):
    return JsonResponse(
        case_json_schema(version),
        json_dumps_params=_JSON,
        content_type="application/schema+json; charset=utf-8",
    )


@require_GET
@cache_control(public=True, max_age=3600)
def bagit_profile_view(request, version: str):
    return JsonResponse(bagit_profile(version), json_dumps_params=_JSON)


@require_GET
@cache_control(public=True, max_age=3600)
def changelog_view(request):
    """What each profile version changed, newest last."""
    return JsonResponse({"versions": list(CHANGELOG)}, json_dumps_params=_JSON)
