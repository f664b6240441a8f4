"""A refused upload is reported under the name the archivist uploaded, never
under the temporary file the upload was written to."""

from pathlib import Path

import pytest
from django.urls import reverse

from dossiers.models import Case
from preservation.models import IngestReport
from tests.preservation.builders import zip_bag

pytestmark = pytest.mark.django_db

UPLOADED = "珠应急罚-2025-11.zip"


@pytest.fixture
def uploader(django_user_model, archivist_role):
    user = django_user_model.objects.create_user("uploader", password="x")
    user.groups.add(archivist_role)
    return user


def _upload(client, source: Path):
    with source.open("rb") as f:
        return client.post(
            reverse("archive_package_upload"), {"package": f}, follow=True
        )


def test_a_truncated_upload_is_refused_under_its_own_name(
    client, uploader, example_bag
):
    source = zip_bag(example_bag(), name=UPLOADED)
    source.write_bytes(source.read_bytes()[:-200])
    client.force_login(uploader)

    html = _upload(client, source).content.decode()

    report = IngestReport.objects.get()
    assert report.status == "refused"
    assert [(e["code"], e["path"]) for e in report.errors] == [
        ("archive_truncated", UPLOADED)
    ]
    assert UPLOADED in html and "upload-" not in html
    assert Case.objects.count() == 0


def test_an_entry_refused_in_an_upload_is_named_within_the_uploaded_file(
    client, uploader, example_bag
):
    bag = example_bag()
    entry = f"{bag.name}/../escaped.txt"
    source = zip_bag(bag, extra={entry: b"x"}, name=UPLOADED)
    client.force_login(uploader)

    _upload(client, source)

    paths = [e["path"] for e in IngestReport.objects.get().errors]
    assert paths == [f"{UPLOADED}:{entry}"]
