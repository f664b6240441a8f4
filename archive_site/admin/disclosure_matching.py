"""Matching an application with the archive's records, and their 保密审查.

The search box on the application page starts from the description; it runs
the archive's catalogue search (`search.services.case_search_run`, which
logs the query) over the cases the officer sees in the catalogue
(`access_control.selectors.case_scope_for`), and shows each hit as a
catalogue line with its materials, to link the case or one material. A
linked material is read through the content gate, which lets the agency's
信息公开 staff in for the 保密审查 and logs the read (`access_control.gate`).

Each link carries its review form; a reviewed 可以公开 / 区分处理后公开 link
leads to its release page when that page exists.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from access_control.disclosure.models import DisclosureApplication, DisclosureLink
from access_control.selectors import case_scope_for
from archive_site.admin.disclosure_forms import LinkReviewForm
from search.services import case_search_run

QUERY_CHARS = 40
RELEASABLE = (DisclosureLink.Decision.RELEASE, DisclosureLink.Decision.REDACT)


def match_query(request: HttpRequest, application: DisclosureApplication) -> str:
    """The search box's text: what was searched, else the description's start."""
    typed = request.GET.get("q", "").strip()[:200]
    return typed or Truncator(application.description).chars(QUERY_CHARS, "")


def match_hits(request: HttpRequest, application: DisclosureApplication) -> list:
    """The hits of an explicit search (`?q=`), each with its materials."""
    query = request.GET.get("q", "").strip()[:200]
    scope = case_scope_for(user=request.user)
    if not query or scope is None:
        return []
    outcome = case_search_run(
        user=request.user,
        query=query,
        request=request,
        scope=scope,
        source="disclosure",
    )
    linked = set(application.links.values_list("case_id", "material_id"))
    # An exact 案号 match is usually also a full-text hit: list each case once.
    cases = {hit.case.pk: hit.case for hit in [*outcome.exact, *outcome.hits]}
    return [_hit(case, linked) for case in cases.values()]


def _hit(case, linked: set) -> dict:
    materials = list(case.materials.order_by("sequence"))
    return {
        "case": case,
        "materials": materials,
        "whole_linked": (case.pk, None) in linked,
    }


def release_url(application: DisclosureApplication, link: DisclosureLink) -> str:
    """The release page of a reviewed link, when that page is installed."""
    if link.decision not in RELEASABLE:
        return ""
    try:
        return reverse("disclosure_release", args=[application.pk, link.pk])
    except NoReverseMatch:
        return ""


def link_rows(application: DisclosureApplication, bound: dict) -> list[dict]:
    """The linked cases and materials, each with its review form and links."""
    rows = []
    links = application.links.select_related("case", "material", "reviewed_by")
    for link in links:
        form = bound.get(("review", link.pk)) or LinkReviewForm(
            initial={
                "link": link.pk,
                "decision": link.decision,
                "ground": link.decision_ground,
                "note": link.decision_note,
            },
            auto_id=f"id_review{link.pk}_%s",
        )
        rows.append(
            {
                "link": link,
                "form": form,
                "materials": _readable(link),
                "release_url": release_url(application, link),
            }
        )
    return rows


def _readable(link: DisclosureLink) -> list[tuple]:
    """The materials the link opens for the review, each with its gate URL:
    the one linked, or every material of a case linked whole."""
    if link.material_id:
        materials = [link.material]
    else:
        materials = link.case.materials.order_by("sequence")
    return [
        (m, reverse("access_control:material_content", args=[m.pk])) for m in materials
    ]
