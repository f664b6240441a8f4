"""Packages to rebuild from: the samples ingested, sealed and packaged, then the
catalogue wiped as a lost database would leave it."""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group

from access_control.models import (
    AgencyGroupObjectPermission,
    AgencyUserObjectPermission,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
)
from dossiers.devices.models import (
    AvProblem,
    AvRecording,
    Device,
    DeviceCheck,
    DeviceFault,
    DeviceLoan,
)
from dossiers.models import (
    Agency,
    Case,
    CaseEvent,
    CaseFinding,
    Dossier,
    DossierEntry,
    Material,
    Officer,
    Party,
)
from dossiers.review.models import DossierReview, ReviewItem, ReviewRound
from dossiers.services import (
    dossier_assemble,
    dossier_entry_move,
    dossier_new_version,
    dossier_seal,
    dossier_update,
)
from preservation.deletion.guard import deletion_permits_issue, protected_models
from preservation.models import FixityCheck, IngestReport, Package, PackageCopy
from preservation.services.aips import package_write
from preservation.services.ingest import package_ingest
from tests.conftest import ORDINARY

MAJOR_NUMBER = "珠应急罚〔2025〕11号"
ORDINARY_NUMBER = "和司罚〔2021〕10号"


def _ingest(example_bag, name: str) -> Case:
    report = package_ingest(source=example_bag(name))
    assert report.status == "accepted", report.errors
    return report.case


def _seal_and_package(dossier: Dossier, user) -> Package:
    dossier = dossier_update(dossier=dossier, user=user, compiler="李立卷")
    dossier = dossier_seal(
        dossier=dossier, user=user, override_reason="样例材料不全，经科长批准封存。"
    )
    return package_write(dossier=dossier)


def archive(example_bag, user, *names: str) -> None:
    """Ingest, assemble, seal and package each sample."""
    for name in names:
        case = _ingest(example_bag, name)
        dossier = dossier_assemble(case=case, user=user)
        if name == ORDINARY:  # an order the template would not give
            last = dossier.entries.order_by("-sort_order").first()
            dossier_entry_move(entry=last, position=0, user=user)
        _seal_and_package(dossier, user)


def second_version(case_number: str, user) -> None:
    sealed = Dossier.objects.get(case__case_number=case_number)
    draft = dossier_new_version(dossier=sealed, user=user, reason="补充卷内说明。")
    draft = dossier_update(dossier=draft, user=user, remarks="第二版补充了说明。")
    _seal_and_package(draft, user)


def aips_copy(tmp_path: Path) -> Path:
    target = tmp_path / "restore"
    shutil.copytree(Path(settings.ARCHIVE_STORAGE) / "aips", target / "aips")
    return target


def wipe() -> None:
    """Empty the catalogue as a lost database would be, model guards bypassed.

    The deletion-protection triggers still hold, so every archived row is
    permitted first, as a disposition would (the permits stay: ids are
    never reused, so they open none of the rebuilt rows).
    """
    for model in protected_models():
        deletion_permits_issue(
            queryset=model._base_manager.all(), batch_reference="wipe"
        )
    for model in (
        # Derived and operational rows that point at the catalogue: the
        # compliance rows, the device register and the quality reviews.
        AvProblem,
        AvRecording,
        CaseFinding,
        DeviceCheck,
        DeviceFault,
        DeviceLoan,
        Device,
        ReviewItem,
        DossierReview,
        ReviewRound,
        FixityCheck,
        PackageCopy,
        Package,
        IngestReport,
        DossierEntry,
        Dossier,
        CaseEvent,  # its manager refuses bulk deletes on purpose
        Material,
        Party,
        Officer,
        CaseUserObjectPermission,
        CaseGroupObjectPermission,
        Case,
        AgencyUserObjectPermission,
        AgencyGroupObjectPermission,
        Agency,
    ):
        model._base_manager.all()._raw_delete(using="default")
    Group.objects.all().delete()  # the agencies' archivists groups
    shutil.rmtree(Path(settings.ARCHIVE_STORAGE) / "objects")
