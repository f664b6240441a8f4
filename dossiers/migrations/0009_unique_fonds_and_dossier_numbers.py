"""One fonds per agency; 档号 and 归档号 never held by two dossiers.

The constraints are added only after a data check: an installation where the
old ingest created a second agency with the same 全宗号, or issued a number
twice, stops here with the duplicates named. Merge the mistaken agency first
(`migrate dossiers 0008`, then `agency_merge`), then migrate again.

归档号 used to run per agency, so two agencies' first dossiers of a year both
had 20250001. Draft first versions that share a 归档号 with another dossier
take the next free number of their year first (sealed ones are never
renumbered), each change recorded in the case's history.
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone


def _duplicates(model, fields: list[str]) -> list[str]:
    rows = (
        model.objects.values(*fields)
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by(*fields)
    )
    return ["、".join(str(row[f]) for f in fields) for row in rows]


def renumber_draft_archive_numbers(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    CaseEvent = apps.get_model("dossiers", "CaseEvent")
    firsts = Dossier.objects.filter(version=1)
    shared = firsts.values("archive_number").annotate(n=Count("pk")).filter(n__gt=1)
    for number in [row["archive_number"] for row in shared]:
        holders = list(firsts.filter(archive_number=number).order_by("pk"))
        # A sealed holder keeps the number; otherwise the earliest draft does.
        keeper = next((d for d in holders if d.state != "draft"), holders[0])
        for dossier in holders:
            if dossier.pk != keeper.pk and dossier.state == "draft":
                _renumber(Dossier, CaseEvent, dossier)


def _renumber(Dossier, CaseEvent, dossier) -> None:
    year = dossier.archive_number[:4]
    taken = Dossier.objects.filter(archive_number__startswith=year)
    numbers = taken.values_list("archive_number", flat=True)
    serials = [int(n[4:]) for n in numbers if n[4:].isdigit()] or [0]
    old, dossier.archive_number = (
        dossier.archive_number,
        f"{year}{max(serials) + 1:04d}",
    )
    dossier.save(update_fields=["archive_number"])
    CaseEvent.objects.create(
        case_id=dossier.case_id,
        event_type="dossier_updated",
        event_datetime=timezone.now(),
        event_detail=f"归档号改为全库唯一：{old} → {dossier.archive_number}。",
        event_outcome="success",
        linking_agent="migration",
    )


def check_unique(apps, schema_editor):
    Agency = apps.get_model("dossiers", "Agency")
    Dossier = apps.get_model("dossiers", "Dossier")
    problems = []
    for label, model, fields in [
        ("全宗号", Agency, ["fonds"]),
        ("档号（同一版本）", Dossier, ["archival_code", "version"]),
        ("归档号（同一版本）", Dossier, ["archive_number", "version"]),
    ]:
        problems += [f"{label}重复：{d}" for d in _duplicates(model, fields)]
    if problems:
        raise CommandError(
            "无法添加唯一约束，现有数据中有重复：\n"
            + "\n".join(problems)
            + "\n请先用 agency_merge 合并误建的机关，再重新执行 migrate。"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0008_agency_changes_and_merge_event"),
    ]

    operations = [
        migrations.RunPython(renumber_draft_archive_numbers, migrations.RunPython.noop),
        migrations.RunPython(check_unique, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agency",
            name="fonds",
            field=models.CharField(
                error_messages={"unique": "该全宗号已属于另一个机关。"},
                max_length=20,
                unique=True,
                verbose_name="全宗号",
            ),
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(
                fields=("archival_code", "version"),
                name="dossier_archival_code_unique",
                violation_error_message="该档号已被另一案卷使用。",
            ),
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(
                fields=("archive_number", "version"),
                name="dossier_archive_number_unique",
                violation_error_message="该归档号已被另一案卷使用。",
            ),
        ),
    ]
