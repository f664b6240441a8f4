"""The application form: filed once and shown once, or refused storing nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from stdnum.cn import uscc

from access_control.disclosure.applications import application_find
from access_control.disclosure.models import DisclosureApplication, DisclosureFile
from tests.archive_site.pages.conftest import PDF, form_data, stored_objects

pytestmark = pytest.mark.django_db


def _shown(response, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]+)<', response.content.decode())
    return match.group(1)


def _refused(response, *fragments: str) -> str:
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body
    for fragment in fragments:
        assert fragment in body
    assert not DisclosureApplication.objects.exists()
    return body


def test_a_valid_application_is_filed_shown_once_and_mailed(
    client, pages, mailoutbox, archive_storage
):
    upload = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    response = client.post(pages["apply"].url, form_data(attachments=[upload]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    number, code = (
        _shown(response, "application-number"),
        _shown(response, "query-code"),
    )
    application = application_find(number, code)
    assert application.agency == pages["index"].agency
    assert application.name == "李申请" and application.submitted_from == "127.0.0.1"
    assert application.files.get().kind == DisclosureFile.Kind.ATTACHMENT
    assert len(stored_objects(archive_storage)) == 1
    [message] = mailoutbox
    assert message.to == ["applicant@example.cn"]
    assert number in message.body and code in message.body


def test_a_mail_server_that_is_down_loses_nothing(client, pages, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nobody listens

    response = client.post(pages["apply"].url, form_data())

    assert DisclosureApplication.objects.count() == 1
    assert "回执邮件暂时未能发出" in response.content.decode()


def test_a_wrong_resident_id_check_digit_is_named_on_the_field(client, pages):
    wrong = "110105194912310021"  # the check digit is X
    response = client.post(pages["apply"].url, form_data(id_number=wrong))

    body = _refused(response, "居民身份证号码校验码应为 X", 'href="#id_id_number"')
    assert 'aria-describedby="id_id_number-error"' in body
    assert 'id="id_id_number-error"' in body


def test_a_wrong_credit_code_check_character_is_named(client, pages):
    base = "91110108MA01234567"[:17]
    good = base + uscc.calc_check_digit(base)
    wrong = base + ("0" if good[-1] != "0" else "1")
    response = client.post(
        pages["apply"].url,
        form_data(
            applicant_type="organisation",
            organisation_kind="business",
            name="某某商贸有限公司",
            id_kind="credit_code",
            id_number=wrong,
        ),
    )

    _refused(response, f"校验码应为 {good[-1]}", 'id="id_id_number-error"')


def test_an_organisation_must_say_its_kind(client, pages):
    data = form_data(applicant_type="organisation", id_kind="other", id_number="X1")
    response = client.post(pages["apply"].url, data)

    _refused(response, "请选择“组织类别”", 'id="id_organisation_kind-error"')


def test_a_missing_description_is_refused(client, pages):
    response = client.post(pages["apply"].url, form_data(description=""))

    _refused(response, "请填写“所需信息的名称、文号或者便于查询的其他特征性描述”")


def test_a_postcode_must_have_six_digits(client, pages):
    response = client.post(pages["apply"].url, form_data(postcode="21000"))

    _refused(response, "“邮政编码”应为 6 位数字")


def test_an_oversized_attachment_is_refused_naming_it(
    client, pages, settings, archive_storage
):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 20
    upload = SimpleUploadedFile("扫描件.pdf", PDF)
    response = client.post(pages["apply"].url, form_data(attachments=[upload]))

    _refused(response, "附件“扫描件.pdf”大小为", "上限")
    assert stored_objects(archive_storage) == []


def test_an_executable_renamed_pdf_is_refused_naming_it(client, pages, archive_storage):
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\0" * 200
    good = SimpleUploadedFile("a.pdf", PDF)
    bad = SimpleUploadedFile("证件.pdf", elf)
    response = client.post(pages["apply"].url, form_data(attachments=[good, bad]))

    _refused(response, "附件“证件.pdf”的内容是", "不是可接受的文件类型")
    assert stored_objects(archive_storage) == []


def test_too_many_attachments_are_refused(client, pages, settings):
    settings.DISCLOSURE_ATTACHMENT_MAX_COUNT = 1
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(2)]
    response = client.post(pages["apply"].url, form_data(attachments=files))

    _refused(response, "附件最多 1 个，本次选择了 2 个")


def test_the_form_needs_its_csrf_token(pages):
    client = Client(enforce_csrf_checks=True)
    response = client.post(pages["apply"].url, form_data())

    assert response.status_code == 403
    assert not DisclosureApplication.objects.exists()


def test_every_input_has_a_label(client, pages):
    body = client.get(pages["apply"].url).content.decode()

    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', body)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in body, input_id
    assert 'name="csrfmiddlewaretoken"' in body
