"""disclosure_pages_setup: every agency's pages once, with the regulation's texts."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Page

from archive_site.models import (
    DisclosureApplicationPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    HomePage,
)

pytestmark = pytest.mark.django_db


def test_each_agency_gets_its_pages_once(pages, sample_agencies):
    assert DisclosureIndexPage.objects.count() == len(sample_agencies)
    out = io.StringIO()
    call_command("disclosure_pages_setup", stdout=out)

    assert "新建 0 个机关" in out.getvalue()
    assert DisclosureIndexPage.objects.count() == len(sample_agencies)
    assert pages["index"].get_children().count() == 3


def test_the_pages_are_linked_and_render(client, pages):
    home = client.get("/").content.decode()
    assert pages["index"].url in home
    index = client.get(pages["index"].url).content.decode()
    guide = DisclosureGuidePage.objects.child_of(pages["index"]).get()
    assert guide.url in index and pages["status"].url in index

    body = client.get(guide.url).content.decode()

    assert "行政复议" in body and "6 个月" in body
    assert "受理时间" in body and "法定工作日" in body


def test_the_pages_stand_only_under_an_agencys_index():
    assert not DisclosureApplicationPage.can_create_at(HomePage.objects.get())
    assert DisclosureIndexPage.can_create_at(HomePage.objects.get())
    assert not DisclosureIndexPage.can_create_at(Page.get_first_root_node())


def test_the_form_shows_its_privacy_notice(client, pages):
    body = client.get(pages["apply"].url).content.decode()

    assert "个人信息保护" in body and "访问日志" in body


def test_an_agency_has_one_index(pages):
    second = DisclosureIndexPage(
        title="重复栏目", slug="chongfu", agency=pages["index"].agency
    )

    with pytest.raises(ValidationError, match="该机关已有政府信息公开栏目"):
        HomePage.objects.get().add_child(instance=second)
