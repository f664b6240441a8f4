"""A rebuild puts the originals back into storage, each verified."""

import shutil

import bagit
import pytest

from access_control.models import AgencyGroupObjectPermission
from dossiers.models import Agency, Material
from preservation.files import digest as file_digest
from preservation.models import Package
from preservation.services.aips import package_path
from preservation.services.rebuild import catalogue_rebuild
from preservation.services.storage import object_path
from tests.conftest import ORDINARY
from tests.preservation.services.rebuild.helpers import aips_copy, archive, wipe

pytestmark = pytest.mark.django_db


def test_originals_and_package_copies_are_back_in_storage(
    example_bag, sealer, tmp_path, settings
):
    archive(example_bag, sealer, ORDINARY)
    restore = aips_copy(tmp_path)
    wipe()
    shutil.rmtree(settings.ARCHIVE_STORAGE / "aips")

    report = catalogue_rebuild(root=restore)

    for material in Material.objects.all():
        assert file_digest(object_path(material.digest)) == material.digest
    package = Package.objects.get()
    bagit.Bag(str(package_path(package, "primary"))).validate()
    assert any("主存储缺少该保存包" in n.message for n in report.notes)
    # Neither stored copy was the one validated: the next fixity audit checks them.
    assert set(package.copies.values_list("location", "last_outcome")) == {
        ("primary", ""),
        ("replica", ""),
    }
    # The agency's archivists group is back, holding the agency's records.
    agency = Agency.objects.get()
    assert AgencyGroupObjectPermission.objects.filter(content_object=agency).exists()
