"""The OFD reader: each page's text in the order Document.xml gives, and a
clear reason for every OFD it cannot read. No database: the reader is a file
format, free of Django."""

import io
import re
import zipfile

import pytest

from preservation import ofd
from preservation.ofd import OfdError, ofd_pages
from tests.preservation.ofd_files import OFD_XML, content_xml, ofd_document

PAGES = [
    ["行政处罚决定书", "珠应急罚决〔2025〕1号"],
    ["当事人：吉林省长白山|建材有限公司", "Contact|Zhang Wei"],
    ["如不服本决定，可在六十日内申请行政复议。"],
]


def _file(tmp_path, content: bytes, name="doc.ofd"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_pages_come_in_the_order_of_document_xml_not_of_the_zip(tmp_path):
    # Reading order: Page_2, Page_0, Page_1 (the zip holds them 0, 1, 2).
    path = _file(tmp_path, ofd_document(PAGES, order=[2, 0, 1]))
    names = zipfile.ZipFile(path).namelist()
    assert names.index("Doc_0/Pages/Page_0/Content.xml") < names.index(
        "Doc_0/Pages/Page_2/Content.xml"
    )

    pages = ofd_pages(path)

    assert pages == [
        "行政处罚决定书珠应急罚决〔2025〕1号",
        "当事人：吉林省长白山建材有限公司Contact Zhang Wei",
        "如不服本决定，可在六十日内申请行政复议。",
    ]


def test_a_location_from_the_package_root_and_a_page_without_text(tmp_path):
    document = (
        '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>'
        '<ofd:Page ID="1" BaseLoc="/Doc_0/Pages/Page_0/Content.xml"/>'
        '<ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>'
        "</ofd:Pages></ofd:Document>"
    )
    content = ofd_document([["第一页"], []], parts={"Doc_0/Document.xml": document})

    assert ofd_pages(_file(tmp_path, content)) == ["第一页", ""]


def test_a_missing_page_content_names_the_part(tmp_path):
    content = ofd_document(PAGES, drop=("Doc_0/Pages/Page_1/Content.xml",))

    with pytest.raises(
        OfdError, match=re.escape("缺少 Doc_0/Pages/Page_1/Content.xml")
    ):
        ofd_pages(_file(tmp_path, content))


def test_a_page_that_is_not_xml_names_the_part(tmp_path):
    broken = {"Doc_0/Pages/Page_0/Content.xml": "<ofd:Page><ofd:Content>"}
    content = ofd_document(PAGES, parts=broken)

    with pytest.raises(OfdError, match=re.escape("Page_0/Content.xml 不是有效的 XML")):
        ofd_pages(_file(tmp_path, content))


def test_a_file_that_is_not_a_zip_is_not_an_ofd(tmp_path):
    with pytest.raises(OfdError, match="不是有效的 OFD 文件"):
        ofd_pages(_file(tmp_path, b"%PDF-1.7\nnot an ofd at all"))


def test_a_zip_without_ofd_xml_is_not_an_ofd(tmp_path):
    content = ofd_document(PAGES, drop=("OFD.xml",))

    with pytest.raises(OfdError, match=re.escape("缺少 OFD.xml")):
        ofd_pages(_file(tmp_path, content))


def test_entity_expansion_is_refused(tmp_path):
    # A "billion laughs" page: a DTD is never read, so nothing expands.
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextCode>&b;'
        "</ofd:TextCode></ofd:Page>"
    )
    content = ofd_document(PAGES, parts={"Doc_0/Pages/Page_0/Content.xml": bomb})

    with pytest.raises(OfdError, match="不是有效的 XML"):
        ofd_pages(_file(tmp_path, content))


def test_a_part_that_inflates_past_the_limit_is_refused(tmp_path, monkeypatch):
    # The same code path as a real zip bomb, at a size a test can afford.
    monkeypatch.setattr(ofd, "PART_MAX_BYTES", 64 * 1024)
    huge = content_xml(["案" * 40_000])
    content = ofd_document(PAGES, parts={"Doc_0/Pages/Page_0/Content.xml": huge})
    assert len(content) < 64 * 1024  # it compresses well, as a bomb does

    with pytest.raises(OfdError, match="解压后过大"):
        ofd_pages(_file(tmp_path, content))


def test_an_ofd_xml_without_a_document_is_reported(tmp_path):
    empty = OFD_XML.replace("<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>", "")
    content = ofd_document(PAGES, parts={"OFD.xml": empty})

    with pytest.raises(OfdError, match="DocRoot"):
        ofd_pages(_file(tmp_path, content))


def test_an_encrypted_member_is_reported_not_raised_as_a_crash(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("OFD.xml", OFD_XML)
    data = bytearray(out.getvalue())
    # Set the "encrypted" flag of the member, as an encrypted OFD has it.
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(header)
        flag = at + (6 if header == b"PK\x03\x04" else 8)
        data[flag] |= 0x01

    with pytest.raises(OfdError, match="无法读取"):
        ofd_pages(_file(tmp_path, bytes(data)))
