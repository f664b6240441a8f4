"""The admin upload takes packages only into the agencies the uploader holds."""

import shutil
from pathlib import Path

from django.urls import reverse

from dossiers.models import Case
from preservation.models import IngestReport


def _upload(client, user, bag, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "upload"), "zip", bag.parent, bag.name)
    client.force_login(user)
    with Path(archive).open("rb") as f:
        return client.post(reverse("archive_package_upload"), {"package": f})


def test_an_archivist_of_another_agency_is_refused_with_a_report(
    client, other_archivist, example_bag, tmp_path
):
    response = _upload(client, other_archivist, example_bag(), tmp_path)
    report = IngestReport.objects.get()
    assert response["Location"] == reverse("ingestreport:inspect", args=[report.pk])
    assert report.status == "refused"
    assert [e["code"] for e in report.errors] == ["agency_not_held"]
    assert "衡阳市珠晖区应急管理局" in report.errors[0]["message"]
    assert not Case.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "不是 衡阳市珠晖区应急管理局" in page
