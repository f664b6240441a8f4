"""Recording a disc's disposal: 物理销毁, or 重刻后销毁 onto replacement discs.

The rules, each named in every refusal, checked before anything changes:

- only a disc holding a destroyed package needs disposal, and it is
  recorded once;
- the custodian who records it is an archivist (档案管理员) of the agency
  whose fonds the disc holds;
- two different people of that agency witness the destruction (监销), as
  for the batch, and the custodian is not one of them;
- no live package is lost: when the disc is destroyed outright every live
  package on it is held whole by other undisposed discs of the same set;
  when it is re-burned, the replacement discs — registered, of the same
  set, undisposed — hold every live package, whole with the set's other
  discs. Replacements are only recorded with a re-burn.

The date is today's local date. The disc row and its content rows stay: the
register keeps what the disc held and what became of it. The disc's image,
label and manifest kept on the server from an export started in the browser
hold the destroyed records too: they go once the disposal is committed.
"""

from collections.abc import Sequence
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Agency
from preservation.models import DISPOSAL_STATUS, Disc, DiscContent, DiscDisposal
from preservation.retention.disposition import agency_ids_with_role, username
from preservation.retention.disposition_execute import WITNESS_ROLES
from preservation.services.discs.disposal import package_holders
from preservation.services.discs.exports import disc_export_files

RULE_NEEDED = "只有存有已销毁保存包的光盘才需登记销毁或重刻"
RULE_ONCE = "一张光盘的处置只登记一次"
RULE_CUSTODIAN = "光盘的销毁或重刻由该全宗机关的档案管理员登记"
RULE_WITNESSES = (
    "销毁存有已销毁档案的光盘须由两名不同的本机关人员监销，登记人不得兼任监销人"
)
RULE_LIVE = (
    "光盘上未销毁的保存包须由同套其他未处置的光盘完整保存，或先重刻到替换光盘，"
    "光盘方可销毁"
)
RULE_REPLACEMENT = "替换光盘须是光盘登记簿中同套、未处置的其他光盘，且只随重刻登记"


def _ensure_needed(disc: Disc) -> None:
    if disc.disposal:
        raise ValidationError(
            f"光盘 {disc.disc_number} 已于 {disc.disposed_on:%Y-%m-%d}"
            f"{DISPOSAL_STATUS[disc.disposal]}，不能再次登记：{RULE_ONCE}。"
        )
    if not disc.contents.filter(package__isnull=True).exists():
        raise ValidationError(
            f"光盘 {disc.disc_number} 上没有已销毁的保存包，无需处置：{RULE_NEEDED}。"
        )


def _agency_ids(disc: Disc) -> set[int]:
    return set(Agency.objects.filter(fonds=disc.fonds).values_list("pk", flat=True))


def _ensure_people(disc: Disc, user, witnesses: Sequence) -> None:
    agencies = _agency_ids(disc)
    if not agencies & agency_ids_with_role(user, "archivist"):
        raise PermissionDenied(
            f"用户 {username(user)} 不是全宗 {disc.fonds} 所属机关的档案管理员，"
            f"不能登记光盘 {disc.disc_number} 的处置：{RULE_CUSTODIAN}。"
        )
    named = len({w.pk for w in witnesses})
    if named != 2 or len(witnesses) != 2:
        raise ValidationError(
            f"光盘 {disc.disc_number} 的监销人须为两名不同的人员（现为 {named} 名）："
            f"{RULE_WITNESSES}。"
        )
    for witness in witnesses:
        if witness.pk == user.pk:
            raise ValidationError(
                f"用户 {username(user)} 登记处置，不能同时监销：{RULE_WITNESSES}。"
            )
        if not any(agencies & agency_ids_with_role(witness, r) for r in WITNESS_ROLES):
            raise PermissionDenied(
                f"用户 {username(witness)} 不是全宗 {disc.fonds} 所属机关的人员，"
                f"不能监销：{RULE_WITNESSES}。"
            )


def _ensure_replacements(disc: Disc, action: str, replacements: Sequence[Disc]):
    if action == DiscDisposal.DESTROYED and replacements:
        raise ValidationError(
            f"光盘 {disc.disc_number} 登记为物理销毁，不登记替换光盘："
            f"{RULE_REPLACEMENT}。"
        )
    if action == DiscDisposal.REBURNED and not replacements:
        raise ValidationError(
            f"光盘 {disc.disc_number} 登记为重刻后销毁，须写明替换光盘："
            f"{RULE_REPLACEMENT}。"
        )
    for new in replacements:
        if new.pk == disc.pk or new.disc_set != disc.disc_set or new.disposal:
            raise ValidationError(
                f"光盘 {new.disc_number} 不能作为光盘 {disc.disc_number} 的替换光盘："
                f"{RULE_REPLACEMENT}。"
            )


def _ensure_nothing_lost(disc: Disc, replacements: Sequence[Disc]) -> None:
    live = list(disc.contents.filter(package__isnull=False).order_by("directory"))
    ids = {c.package_id for c in live}
    held = package_holders(ids, disc_set=disc.disc_set, excluded=[disc.pk])
    on_new = set(
        DiscContent.objects.filter(disc__in=replacements, package__in=ids).values_list(
            "package_id", flat=True
        )
    )
    for content in live:
        lost = content.package_id not in held or (
            replacements and content.package_id not in on_new
        )
        if lost:
            where = (
                "替换光盘" if replacements else f"{disc.get_disc_set_display()}其他光盘"
            )
            raise ValidationError(
                f"光盘 {disc.disc_number} 上的保存包 {content.package_identifier} "
                f"未在{where}上完整保存：{RULE_LIVE}。"
            )


def _images_remove(disc_id: int) -> None:
    disc = Disc.objects.get(pk=disc_id)
    for export in disc.exports.all():
        kept = disc_export_files(export, disc.disc_number)
        checksum = kept["iso"].with_name(f"{disc.disc_number}.iso.sha256")
        for path in [*kept.values(), checksum]:
            path.unlink(missing_ok=True)


@transaction.atomic
def disc_dispose(
    *,
    disc: Disc,
    action: str,
    user,
    witnesses: Sequence,
    replacements: Sequence[Disc] = (),
    note: str = "",
) -> Disc:
    """Record that a disc holding a destroyed package was destroyed or re-burned.

    Args:
        disc: the disc, from the register.
        action: `destroyed` (物理销毁) or `reburned` (重刻后销毁).
        user: the custodian who records it (处置人).
        witnesses: the two 监销人.
        replacements: for a re-burn, the new discs holding its live content.
        note: anything the custodian adds (处置说明).

    Returns:
        The disc, with its disposal recorded today (local date).

    Raises:
        PermissionDenied: the custodian or a witness is not of the agency.
        ValidationError: any other rule above, naming it; nothing changes.
    """
    disc = Disc.objects.select_for_update().get(pk=disc.pk)
    if action not in DiscDisposal.values:
        raise ValidationError(
            f"光盘 {disc.disc_number} 的处置方式应为 destroyed（物理销毁）"
            f"或 reburned（重刻后销毁），不是“{action}”。"
        )
    _ensure_needed(disc)
    _ensure_people(disc, user, witnesses)
    _ensure_replacements(disc, action, replacements)
    _ensure_nothing_lost(disc, replacements)
    _record(disc, action, user, witnesses, replacements, note)
    transaction.on_commit(partial(_images_remove, disc.pk))
    return disc


def _record(disc: Disc, action: str, user, witnesses, replacements, note) -> None:
    disc.disposal, disc.disposed_on = action, timezone.localdate()
    disc.disposed_by, disc.disposed_by_name = user, username(user)
    disc.disposal_witness_names = "、".join(username(w) for w in witnesses)
    disc.disposal_note = note
    disc.full_clean()
    disc.save()
    disc.disposal_witnesses.set(witnesses)
    disc.replacements.set(replacements)
