"""Sealed dossiers for the retention tests, built the way the archive seals."""

import datetime as dt

from dossiers.models import Dossier, DossierState
from dossiers.services import dossier_assemble, dossier_seal, dossier_update
from tests.dossiers.factories import add_material, make_case


def sealed_dossier(user, **case_fields) -> Dossier:
    """A case with one material, assembled and sealed through the services."""
    if "closed_on" in case_fields:
        opened = case_fields["closed_on"] - dt.timedelta(days=60)
        case_fields.setdefault("opened_on", opened)
    case = make_case(**case_fields)
    add_material(case, "立案审批表", stage="initiation", date=case.closed_on)
    dossier = dossier_assemble(case=case, user=user)
    dossier_update(dossier=dossier, user=user, compiler="李立卷")
    return dossier_seal(dossier=dossier, user=user, override_reason="测试用案卷")


def sealed_row(case, *, retention_end: dt.date | None, code: str = "") -> Dossier:
    """A sealed dossier row with a given 届满日 (for lists and counts)."""
    return Dossier.objects.create(
        case=case,
        state=DossierState.SEALED,
        archival_code=code or f"T-{case.pk}",
        archive_number=f"{case.pk:08d}",
        title=case.title,
        period_end=case.closed_on,
        retention="30y" if retention_end else "permanent",
        template="chronological",
        retention_end=retention_end,
    )
