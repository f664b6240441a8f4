"""OFD documents in text extraction: read page by page like a PDF's text
layer; a broken OFD is reported with its reason and the run goes on (issue
#17). The OFDs are written for the purpose (`tests.preservation.ofd_files`)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from dossiers.models import MaterialText, TextStatus
from preservation.services.storage import object_store
from preservation.services.texts import case_texts_extract, material_text_extract
from tests.dossiers.factories import add_material, make_case
from tests.preservation.ofd_files import ofd_document

pytestmark = pytest.mark.django_db

OFD = "application/ofd"


def _material(case, tmp_path, content: bytes, media_type=OFD, **fields):
    path = tmp_path / f"{case.materials.count()}.bin"
    path.write_bytes(content)
    stored = object_store(path)
    sequence = case.materials.count() + 1
    return add_material(
        case,
        fields.pop("doc_type", "行政处罚决定书"),
        digest=stored.digest,
        media_type=media_type,
        path=f"data/materials/{sequence:02d}-电子文书.ofd",
        **fields,
    )


def test_an_ofd_is_read_page_by_page_in_its_reading_order(tmp_path):
    pages = [["行政处罚决定书"], [], ["责令限期改正", "罚款人民币|贰万元整"]]
    material = _material(
        make_case(), tmp_path, ofd_document(pages, order=[1, 2, 0]), pages=3
    )

    text = material_text_extract(material=material)

    assert text.pages == ["行政处罚决定书", "", "责令限期改正罚款人民币贰万元整"]
    assert (text.status, text.empty_pages) == (TextStatus.PARTIAL, [2])
    assert text.extractor.startswith("OFD")


def test_a_broken_ofd_is_reported_and_the_others_are_still_read(tmp_path):
    case = make_case(case_number="测罚〔2025〕88号")
    broken = ofd_document([["第一页"]], drop=("Doc_0/Pages/Page_0/Content.xml",))
    _material(case, tmp_path, broken)
    _material(case, tmp_path, b"not a zip", doc_type="送达回证")
    good = _material(case, tmp_path, ofd_document([["询问笔录正文"]]))

    report = case_texts_extract(case=case)

    texts = MaterialText.objects.filter(material__case=case)
    assert sorted(t.status for t in texts) == ["extracted", "failed", "failed"]
    assert texts.get(material=good).pages == ["询问笔录正文"]
    errors = {path: error for _, path, error in report.failed}
    assert "缺少 Doc_0/Pages/Page_0/Content.xml" in errors[broken_path(case, 1)]
    assert "不是有效的 OFD 文件" in errors[broken_path(case, 2)]


def broken_path(case, sequence: int) -> str:
    return case.materials.get(sequence=sequence).path


def test_the_command_names_a_broken_ofd_and_counts_the_good_one(tmp_path):
    case = make_case(case_number="测罚〔2025〕89号")
    _material(case, tmp_path, ofd_document([["第一页"], ["第二页"]]), pages=2)
    _material(case, tmp_path, b"PK\x03\x04 truncated")
    out, err = StringIO(), StringIO()

    call_command("text_extract", stdout=out, stderr=err)
    call_command("text_extract", "--all", "--json", stdout=(json_out := StringIO()))

    assert "已提取 2 件材料，共 2 页" in out.getvalue()
    assert "提取失败：测罚〔2025〕89号 data/materials/02-电子文书.ofd" in err.getvalue()
    failed = json.loads(json_out.getvalue())["failed"]
    assert [f["path"] for f in failed] == ["data/materials/02-电子文书.ofd"]
