"""Reads of cases, for callers that have already checked permission."""

from dataclasses import dataclass

from dossiers.codes import Stage
from dossiers.models import Case, Dossier, Material


@dataclass(frozen=True)
class StageGroup:
    stage: str
    label: str
    materials: list[Material]


def case_materials_by_stage(*, case: Case) -> list[StageGroup]:
    """The case's materials grouped by the five stages, in stage order."""
    materials = list(case.materials.select_related("text").order_by("sequence"))
    return [
        StageGroup(stage, label, [m for m in materials if m.stage == stage])
        for stage, label in Stage.choices
        if any(m.stage == stage for m in materials)
    ]


def current_dossier(case: Case) -> Dossier | None:
    """The case's newest dossier version (draft or sealed), or None if none yet."""
    return case.dossiers.order_by("-version").first()
