"""The 案卷评查 pages' addresses and menu item (registered by wagtail_hooks)."""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem

from archive_site.admin import review_rounds
from archive_site.admin.review_checklist import checklist_view


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(review_rounds.VIEW)


def review_menu_item() -> MenuItem:
    return ReviewMenuItem(
        "案卷评查", reverse("archive_review_rounds"), icon_name="tasks", order=170
    )


def review_urls() -> list:
    return [
        path(
            "archive/review/", review_rounds.rounds_view, name="archive_review_rounds"
        ),
        path(
            "archive/review/<int:pk>/",
            review_rounds.round_view,
            name="archive_review_round",
        ),
        path(
            "archive/review/<int:pk>/finish/",
            review_rounds.round_finish_view,
            name="archive_review_finish",
        ),
        path(
            "archive/review/dossiers/<int:pk>/",
            checklist_view,
            name="archive_review_checklist",
        ),
    ]
