"""What package writing finds at a package's final path when it (re)starts."""

import shutil

import bagit
import pytest

from dossiers.services import dossier_assemble, dossier_seal
from preservation.models import Package, PackageLocation
from preservation.services.aips import package_path, package_write


@pytest.fixture
def sealed_without_package(ingested_case, django_user_model):
    """A sealed dossier whose package is written, then its row forgotten."""
    user = django_user_model.objects.create_user("sealer")
    dossier = dossier_assemble(case=ingested_case)
    dossier = dossier_seal(dossier=dossier, user=user, override_reason="测试封存")
    package = package_write(dossier=dossier)
    paths = {loc: package_path(package, loc) for loc in PackageLocation.values}
    tagmanifest = package.tagmanifest_sha256
    package.copies.all().delete()
    package.delete()
    return dossier, paths, tagmanifest


def _asides(path) -> list:
    return sorted(path.parent.glob(".aside-*"))


def test_a_complete_primary_bag_is_adopted_and_the_replica_finished(
    sealed_without_package,
):
    dossier, paths, tagmanifest = sealed_without_package
    shutil.rmtree(paths[PackageLocation.REPLICA])

    package = package_write(dossier=dossier)

    assert package.tagmanifest_sha256 == tagmanifest
    for path in paths.values():
        bagit.Bag(str(path)).validate()
    assert package.copies.count() == 2


def test_a_partial_primary_bag_is_moved_aside_and_rewritten(sealed_without_package):
    dossier, paths, _ = sealed_without_package
    primary = paths[PackageLocation.PRIMARY]
    next(primary.glob("data/originals/**/*.pdf")).unlink()

    package = package_write(dossier=dossier)

    bagit.Bag(str(primary)).validate()
    assert len(_asides(primary)) == 1
    replica = paths[PackageLocation.REPLICA]
    assert len(_asides(replica)) == 1  # the old replica no longer matches
    tagmanifests = {
        (p / "tagmanifest-sha256.txt").read_bytes() for p in (primary, replica)
    }
    assert len(tagmanifests) == 1
    assert Package.objects.get(dossier=dossier) == package


def test_another_dossiers_bag_at_the_path_is_not_adopted(sealed_without_package):
    dossier, paths, _ = sealed_without_package
    primary = paths[PackageLocation.PRIMARY]
    info = primary / "bag-info.txt"
    info.write_text(
        info.read_text("utf-8").replace("Package-Version: 1", "Package-Version: 9"),
        "utf-8",
    )
    bagit.Bag(str(primary)).save()  # valid on its own terms, but not this version

    package_write(dossier=dossier)

    assert "Package-Version: 1" in info.read_text("utf-8")
    assert len(_asides(primary)) == 1
