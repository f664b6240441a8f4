"""The custodian's page of discs to destroy or re-burn (issue #14), and the
form that records a disc's disposal.

A disc holding a package destroyed by a disposition batch is 需销毁或重刻
until its custodian records what was done (`disc_dispose`): the page lists
those the user may see (`discs_visible_to`), each with its destroyed
packages, the live ones still on it and where else the set holds them, and
a form per disc. Seeing it needs the register's `preservation.view_disc`,
recording a disposal its `preservation.add_disc`; whether the custodian and
the witnesses may is decided by the service, whose refusal the page shows.
The page shows 档号 and disc numbers, the catalogue, so it is not logged.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from access_control.selectors import discs_visible_to
from archive_site.admin.disc_exports import ADD_DISC
from preservation.models import Disc, DiscContent, DiscDisposal
from preservation.retention.disposition import refusal_text
from preservation.services.discs import (
    disc_disposal_rows,
    disc_dispose,
    discs_needing_disposal,
)

VIEW_DISC = "preservation.view_disc"


def with_destroyed_batch(queryset: QuerySet[Disc]) -> QuerySet[Disc]:
    """Annotate `first_destroyed_batch`: a batch that destroyed a package on
    the disc, None when none did (read by `Disc.disposal_status`)."""
    destroyed = DiscContent.objects.filter(
        disc=OuterRef("pk"), package__isnull=True
    ).order_by("destroyed_batch")
    return queryset.annotate(
        first_destroyed_batch=Subquery(destroyed.values("destroyed_batch")[:1])
    )


def disposal_status_text(disc: Disc) -> str:
    """需销毁或重刻（批次 …） / 已销毁（日期） / 已重刻（日期）, or "—"."""
    status = disc.disposal_status
    if disc.disposal:
        return f"{status}（{disc.disposed_on:%Y-%m-%d}）"
    if status:
        return f"{status}（批次 {disc.first_destroyed_batch}）"
    return "—"


def discs_to_dispose_count(user) -> int:
    """How many discs the user may see wait for their disposal."""
    visible = discs_visible_to(user=user).values("pk")
    return discs_needing_disposal().filter(pk__in=visible).count()


@require_GET
def disc_disposal_view(request):
    """The discs needing disposal, with a form for each."""
    if not request.user.has_perm(VIEW_DISC):
        raise PermissionDenied
    context = {
        "rows": disc_disposal_rows(discs_visible_to(user=request.user)),
        "actions": DiscDisposal.choices,
        "may_record": request.user.has_perm(ADD_DISC),
    }
    return TemplateResponse(request, "archive_site/admin/disc_disposal.html", context)


def _users(names: list[str]) -> list:
    found = []
    for name in names:
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise ValidationError(f"用户 {name} 不存在。")
        found.append(user)
    return found


def _replacements(text: str) -> list[Disc]:
    found = []
    for number in text.replace("，", " ").replace(",", " ").split():
        disc = Disc.objects.filter(disc_number=number).first()
        if disc is None:
            raise ValidationError(f"光盘 {number} 不在光盘登记簿中。")
        found.append(disc)
    return found


@require_POST
def disc_dispose_view(request, pk: int):
    """Record one disc's disposal; a refusal comes back as a message."""
    if not request.user.has_perm(ADD_DISC):
        raise PermissionDenied
    disc = discs_visible_to(user=request.user).filter(pk=pk).first()
    if disc is None:
        raise Http404("没有找到该光盘。")
    post = request.POST
    witnesses = [post.get(f"witness{i}", "").strip() for i in (1, 2)]
    try:
        disc = disc_dispose(
            disc=disc,
            action=post.get("action", ""),
            user=request.user,
            witnesses=_users([name for name in witnesses if name]),
            replacements=_replacements(post.get("replacements", "")),
            note=post.get("note", "").strip(),
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request,
            f"已登记光盘 {disc.disc_number} {disc.get_disposal_display()}"
            f"（{disc.disposed_on:%Y-%m-%d}）。",
        )
    return redirect("disc:disposal")
