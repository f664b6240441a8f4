"""The admin's base: read-only viewsets and the one logged inspect view.

`ReadOnlyViewSet` gives a listing and an inspect page and nothing else (no
add, edit, delete or history page exists to link to). `LoggedInspectView` is
the only way an admin record page is read: it opens only what
`access_control.selectors` lets the user see (otherwise a 404 and a 拒绝访问
entry) and writes the access-log entry, with its `ReadPurpose`, before
rendering. Every inspect view of archive content derives from it.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from access_control.consultations import content_decision
from access_control.gate import CUSTODIAN_PURPOSES, custodian_purpose, reader_purpose
from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from dossiers.models import Case


class ReadOnlyViewSet(ModelViewSet):
    """A listing and an inspect page; records here are never edited in the admin."""

    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # No add/edit/delete/history pages exist, so no view may link to them.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @property
    def url_finder_class(self):
        # Links to a record from elsewhere (e.g. a user's usage page) open its
        # inspect page: there is no edit page to reverse.
        return type(
            "_InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_inspect_view_kwargs(self, **kwargs):
        # A record page is titled by what it is (案件, 案卷, …), not "检查".
        return super().get_inspect_view_kwargs(
            page_title=self.model._meta.verbose_name, **kwargs
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]


class LoggedInspectView(generic.InspectView):
    """An inspect page that only shows permitted objects and logs every read.

    Subclasses say which objects the user may open (`visible`), which case an
    object belongs to (`case_of`) and why it is read (`reason`).
    """

    reason = ReadPurpose.CASE_READ
    not_found = "没有找到该对象。"

    def visible(self) -> QuerySet:
        raise NotImplementedError

    def case_of(self, obj) -> Case:
        return obj

    def get_object(self, queryset=None):
        obj = self.visible().filter(pk=self.pk).first()
        if obj is None:
            access_log_record(
                user=self.request.user,
                action=AccessAction.DENIED,
                request=self.request,
                reason=ReadPurpose.NOT_PERMITTED,
                data={"path": self.request.path},
            )
            raise Http404(self.not_found)
        return obj

    def get(self, request, *args, **kwargs):
        # A hit opened from the search page says so, with the query.
        query = request.GET.get("search", "").strip()[:200]
        case = self.case_of(self.object)
        purpose = reader_purpose(request, case) if isinstance(case, Case) else ""
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW_CASE,
            obj=self.object,
            case_number=case.case_number,
            request=request,
            reason=purpose or (ReadPurpose.SEARCH_HIT if query else self.reason),
            data={"query": query} if query else None,
        )
        return super().get(request, *args, **kwargs)


def purpose_context(request, case: Case) -> dict:
    """For a page that links to a case's content: whether the custodian must
    first say why (the `_purpose_form.html` include), and the choices."""
    read = content_decision(request.user, case)
    needs = read.custodian and not read.grant and not custodian_purpose(request, case)
    return {
        "needs_purpose": needs,
        "custodian_purposes": CUSTODIAN_PURPOSES,
        # The catalogue shows what a case is; its summary, parties, officers
        # and history only to those who may read it.
        "can_read_case": read.allowed,
    }
