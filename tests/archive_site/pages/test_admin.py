"""Editors keep the 政府信息公开 pages in the CMS like any other page."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from archive_site.blocks import AddressBlock
from archive_site.models import DisclosureGuidePage, DisclosureIndexPage

pytestmark = pytest.mark.django_db


def _add_url(model, parent) -> str:
    return f"/admin/pages/add/archive_site/{model.__name__.lower()}/{parent.pk}/"


def test_an_editor_edits_the_guide_with_its_blocks(admin_client, pages):
    guide = DisclosureGuidePage.objects.child_of(pages["index"]).get()
    data = nested_form_data(
        {
            "title": "政府信息公开指南",
            "slug": "zhinan",
            "body": streamfield(
                [
                    ("text", rich_text("<p>本机关依法公开政府信息。</p>")),
                    (
                        "address",
                        {"office": "办公室", "address": "某路1号", "postcode": "21000"},
                    ),
                    (
                        "contacts",
                        {
                            "name": "办公室",
                            "phone": "0734-1234567",
                            "fax": "",
                            "email": "",
                        },
                    ),
                ]
            ),
        }
    )

    data["action-publish"] = "publish"
    admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    guide.refresh_from_db()
    assert [block.block_type for block in guide.body] == ["text", "office_hours"]

    data["body-1-value-postcode"] = "210008"
    admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)

    guide.refresh_from_db()
    assert [block.block_type for block in guide.body] == ["text", "address", "contacts"]


def test_a_postcode_in_the_guide_has_six_digits():
    address = {"office": "办公室", "address": "某路1号", "postcode": "21000"}

    with pytest.raises(ValidationError) as refused:
        AddressBlock().clean(AddressBlock().to_python(address))

    assert "邮政编码应为 6 位数字。" in str(refused.value.block_errors["postcode"])


def test_the_add_page_follows_the_tree_rules(admin_client, pages):
    index, home = pages["index"], pages["index"].get_parent()

    assert admin_client.get(_add_url(DisclosureIndexPage, home)).status_code == 200
    # One guide per section, and none outside a section.
    assert admin_client.get(_add_url(DisclosureGuidePage, index)).status_code == 302
    assert admin_client.get(_add_url(DisclosureGuidePage, home)).status_code == 302
