"""Fill a throwaway database for the access-gate benchmark, fast.

`world_build` makes one agency's officers (one 执法人员 membership each), cases
with four materials each, approved 查阅 requests (a third of them listing two
materials) and one grant per request, all with `bulk_create`: about ten grants
per officer, a tenth of them expired. `log_fill` appends chained access-log
entries: each entry's hash is computed here with `entry_digest`, exactly as
`access_log_record` does, the rows are inserted in batches and the head row is
set last, so `access_log_verify` accepts the result. Nothing here is timed.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

BATCH = 5000
MATERIALS_PER_CASE = 4
GRANTS_PER_USER = 10
REASON = "办理行政复议答复，查阅原案卷"
USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120"


@dataclass
class World:
    """What the timed checks draw from: ids only, loaded again when needed."""

    agency_id: int
    users: list[int]
    case_materials: dict[int, list[int]]
    # (user id, case id) -> material ids the grant opens (all, when unlisted);
    # only grants still in force.
    opens: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    granted: set[tuple[int, int]] = field(default_factory=set)


def world_build(grants: int, advance: Callable[[int], None]) -> World:
    """Officers, cases, materials, requests and `grants` grants; returns the ids."""
    from dossiers.models import Agency

    agency = Agency.objects.order_by("pk").first()
    users = _users_make(agency, max(1, grants // GRANTS_PER_USER))
    advance(len(users))
    case_materials = _cases_make(agency, max(1, grants // 2), advance)
    world = World(agency.pk, users, case_materials)
    _grants_make(world, grants, advance)
    return world


def _users_make(agency, count: int) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from access_control.models import Membership, Role

    user_model, unusable = get_user_model(), make_password(None)
    user_model.objects.bulk_create(
        [
            user_model(username=f"officer{i:05d}", password=unusable, email="")
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    users = list(
        user_model.objects.filter(username__startswith="officer")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Membership.objects.bulk_create(
        [Membership(user_id=u, agency=agency, role=Role.OFFICER) for u in users],
        batch_size=BATCH,
    )
    return users


def _cases_make(agency, count: int, advance) -> dict[int, list[int]]:
    from dossiers.models import Case

    closed = dt.date(2025, 6, 30)
    Case.objects.bulk_create(
        [
            Case(
                agency=agency,
                case_number=f"基准罚〔2025〕{i:06d}号",
                title=f"基准测试案件 {i}",
                category="administrative_penalty",
                procedure="ordinary",
                initiation="ex_officio",
                opened_on=closed - dt.timedelta(days=60),
                closed_on=closed,
                package_fingerprint=f"{i:064x}",
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    cases = list(
        Case.objects.filter(case_number__startswith="基准罚")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    advance(len(cases))
    return _materials_make(cases, closed, advance)


def _materials_make(cases: list[int], date: dt.date, advance) -> dict[int, list[int]]:
    from dossiers.models import Material

    rows = [
        Material(
            case_id=case,
            sequence=k + 1,
            path=f"data/materials/investigation/{k + 1:02d}-询问笔录.pdf",
            original_name=f"{k + 1:02d}-询问笔录.pdf",
            stage="investigation",
            form="text",
            doc_type="询问笔录",
            title=f"询问笔录（第 {k + 1} 次）",
            date=date,
            media_type="application/pdf",
            size=100_000,
            digest=f"{case:032x}{k:032x}",
        )
        for case in cases
        for k in range(MATERIALS_PER_CASE)
    ]
    Material.objects.bulk_create(rows, batch_size=BATCH)
    advance(len(rows))
    case_materials: dict[int, list[int]] = {case: [] for case in cases}
    for material, case in Material.objects.filter(case_id__in=cases).values_list(
        "pk", "case_id"
    ):
        case_materials[case].append(material)
    return case_materials


def _grant_plan(world: World, grants: int) -> list[tuple[int, int]]:
    # Each officer gets grants on distinct random cases until `grants` are made.
    rng, cases, plan = random.Random(12), list(world.case_materials), []
    per_user = min(len(cases), -(-grants // len(world.users)))
    for user in world.users:
        plan.extend((user, case) for case in rng.sample(cases, per_user))
    return plan[:grants]


def _grants_make(world: World, grants: int, advance) -> None:
    from access_control.models import AccessGrant

    requests, today = _requests_make(_grant_plan(world, grants)), dt.date.today()
    listed = _materials_list(world, requests)
    rows = []
    for i, (request, user, case) in enumerate(requests):
        expired = i % 10 == 9
        until = today + dt.timedelta(days=-3 if expired else 30)
        rows.append(
            AccessGrant(
                request_id=request, user_id=user, case_id=case, kind="view", until=until
            )
        )
        world.granted.add((user, case))
        if not expired:
            world.opens[(user, case)] = listed.get(request, world.case_materials[case])
    AccessGrant.objects.bulk_create(rows, batch_size=BATCH)
    advance(len(rows))


def _requests_make(plan: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    # Approved 查阅 requests, one per planned grant: (id, requester, case).
    from access_control.models import AccessRequest

    decided = dt.datetime.now(dt.UTC)
    AccessRequest.objects.bulk_create(
        [
            AccessRequest(
                number=f"CY2026-{i + 1:05d}",
                requester_id=user,
                case_id=case,
                kind="view",
                reason=REASON,
                rule="records",
                status="approved",
                decided_at=decided,
                decision_reason="同意",
            )
            for i, (user, case) in enumerate(plan)
        ],
        batch_size=BATCH,
    )
    return list(
        AccessRequest.objects.order_by("pk").values_list(
            "pk", "requester_id", "case_id"
        )
    )


def _materials_list(world: World, requests) -> dict[int, list[int]]:
    # A third of the requests name two of the case's materials.
    from access_control.models import AccessRequest

    through, listed = AccessRequest.materials.through, {}
    for request, _user, case in requests[::3]:
        listed[request] = world.case_materials[case][:2]
    through.objects.bulk_create(
        [
            through(accessrequest_id=request, material_id=material)
            for request, materials in listed.items()
            for material in materials
        ],
        batch_size=BATCH,
    )
    return listed


def log_fill(world: World, entries: int, advance: Callable[[int], None]) -> None:
    """Append `entries` chained log entries after the current head."""
    from django.db import transaction

    from access_control.models import AccessLogEntry, AccessLogHead
    from access_control.services import GENESIS_HASH

    head = AccessLogHead.objects.filter(pk=1).first()
    sequence, previous = (
        (head.last_sequence, head.last_hash) if head else (0, GENESIS_HASH)
    )
    make = _entry_maker(world, entries)
    done = 0
    while done < entries:
        batch = []
        for _ in range(min(BATCH, entries - done)):
            sequence += 1
            entry = make(sequence, previous)
            batch.append(entry)
            previous = entry.entry_hash
        with transaction.atomic():
            AccessLogEntry.objects.bulk_create(batch)
        done += len(batch)
        advance(len(batch))
    AccessLogHead.objects.update_or_create(
        pk=1, defaults={"last_sequence": sequence, "last_hash": previous}
    )


def _entry_maker(world: World, entries: int):
    from django.contrib.contenttypes.models import ContentType

    from dossiers.models import Material

    material_type = ContentType.objects.get_for_model(Material).pk
    pairs, rng = list(world.opens.items()), random.Random(7)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start -= dt.timedelta(seconds=entries * 2)

    def make(sequence: int, previous: str):
        (user, case), materials = pairs[rng.randrange(len(pairs))]
        when = start + dt.timedelta(seconds=2 * sequence, microseconds=sequence % 997)
        return _entry_make(
            sequence, previous, when, user, case, materials, material_type
        )

    return make


def _entry_make(sequence, previous, when, user, case, materials, material_type):
    # One officer's read under a grant, hashed as `access_log_record` hashes it.
    from access_control.models import AccessLogEntry
    from access_control.services import entry_digest

    entry = AccessLogEntry(
        sequence=sequence,
        timestamp=when,
        user_id=user,
        user_key=str(user),
        username=f"officer{user:05d}",
        action="view_content",
        content_type_id=material_type,
        object_id=str(materials[sequence % len(materials)]),
        object_repr="01 询问笔录（第 1 次）",
        case_number=f"基准罚〔2025〕{case:06d}号",
        ip_address=f"198.51.100.{sequence % 200 + 1}",
        user_agent=USER_AGENT,
        reason=REASON,
        data={"path": "data/materials/investigation/01-询问笔录.pdf", "grant": case},
        previous_hash=previous,
    )
    entry.entry_hash = entry_digest(entry)
    return entry


def world_load() -> World:
    """The `World` of a database filled earlier (kept with --keep), from its rows."""
    from django.contrib.auth import get_user_model

    from access_control.models import AccessGrant
    from dossiers.models import Material

    users = get_user_model().objects.filter(username__startswith="officer")
    world = World(0, list(users.order_by("pk").values_list("pk", flat=True)), {})
    for material, case in Material.objects.order_by("pk").values_list("pk", "case_id"):
        world.case_materials.setdefault(case, []).append(material)
    grants = AccessGrant.objects.select_related("request").prefetch_related(
        "request__materials"
    )
    today = dt.date.today()
    for grant in grants.filter(user_id__in=world.users):
        world.granted.add((grant.user_id, grant.case_id))
        if grant.until >= today and not grant.revoked_at:
            listed = [m.pk for m in grant.request.materials.all()]
            opens = listed or world.case_materials[grant.case_id]
            world.opens[(grant.user_id, grant.case_id)] = opens
    return world
