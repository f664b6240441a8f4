"""An archivist uploads a package zipped with Debian's `zip -r` (UTF-8 names
without the UTF-8 flag), with a Chinese folder and file names, through the
admin upload page in a real browser; it is accepted under its Chinese names."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from access_control.services import agency_archivists_group, archivist_role_ensure
from dossiers.models import Agency, Case
from tests.conftest import MAJOR
from tests.e2e.helpers import PASSWORD, login
from tests.preservation.builders import DECISION_PDF, material_rename, rebag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHINESE_PDF = "data/materials/审查决定/11-行政处罚决定书（正本）.pdf"


@pytest.fixture
def zip_r_package(example_bag) -> Path:
    bag = example_bag(MAJOR)
    material_rename(bag, DECISION_PDF, CHINESE_PDF)
    rebag(bag)
    target = bag.parent / "案卷-zip-r.zip"
    subprocess.run(["zip", "-rqX", target, bag.name], cwd=bag.parent, check=True)
    return target


def _archivist_of(bag_case_json: Path):
    code = json.loads(bag_case_json.read_text("utf-8"))["case"]["agency"]["code"]
    user = get_user_model().objects.create_user("e2e-zip", password=PASSWORD)
    agency = Agency.objects.get(code=code)
    user.groups.add(archivist_role_ensure(), agency_archivists_group(agency))
    return user


def test_archivist_uploads_a_zip_r_package_with_chinese_names(
    live_server, page, zip_r_package
):
    user = _archivist_of(zip_r_package.parent / MAJOR / "data" / "case.json")
    login(page, live_server.url, user.username, "/admin/archive/upload/")

    page.set_input_files("input[type=file][name=package]", str(zip_r_package))
    page.click("[data-testid=upload-submit]")

    page.wait_for_url(re.compile(r"/admin/ingestreport/inspect/\d+/"))
    expect(page.get_by_test_id("ingest-status")).to_have_text("已接收")
    expect(page.locator("body")).to_contain_text("案卷-zip-r.zip")
    case = Case.objects.get()
    page.get_by_test_id("case-link").click()
    page.wait_for_url(f"**/admin/case/inspect/{case.pk}/")

    material = case.materials.get(original_name="11-行政处罚决定书（正本）.pdf")
    page.get_by_test_id("purpose-审核").check()
    page.get_by_test_id("purpose-submit").click()
    expect(page.get_by_test_id("purpose-form")).to_have_count(0)
    page.get_by_test_id(f"preview-{material.sequence}").click()
    expect(page.locator("h2", has_text="预览")).to_contain_text(
        "11-行政处罚决定书（正本）.pdf"
    )
