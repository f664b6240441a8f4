"""Search records written from the catalogue, and searches written to the log.

The cases here are ingested from the sample package, so their records come
from real PDFs (`case_texts_extract`) and follow the real dossier services;
records reach search through `case_changed`, after commit.
"""

import pytest

from access_control.models import AccessLogEntry
from access_control.services import access_log_verify
from dossiers.models import MaterialText
from dossiers.services import dossier_assemble, dossier_new_version, dossier_seal
from preservation.services.ingest import package_ingest
from preservation.services.texts import case_texts_extract
from search.models import CaseSearchRecord
from search.selectors import SearchFilters, case_search
from search.services import case_search_record_refresh, case_search_run
from tests.preservation.builders import PHOTO, material_add, pdf_bytes, rebag

pytestmark = pytest.mark.django_db

SCANNED_PDF = "data/materials/investigation/16-询问笔录扫描件.pdf"
SCANNED_IMAGE = "data/materials/service_execution/17-送达回证扫描件.jpg"


@pytest.fixture
def extracted_case(ingested_case, django_capture_on_commit_callbacks):
    """The sample case once its texts are extracted and the change committed."""
    with django_capture_on_commit_callbacks(execute=True):
        case_texts_extract(case=ingested_case)
    return ingested_case


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_the_record_holds_parties_officers_numbers_and_page_text(extracted_case):
    record = CaseSearchRecord.objects.get(case=extracted_case)
    assert record.title == extracted_case.title
    assert {"吉林省长白山建材有限公司", "吴婷", "张伟"} <= set(lines(record.people))
    assert {
        "珠应急罚〔2025〕11号",  # 案号
        "珠应急立〔2025〕1号",  # 文号 of the 立案审批表
        "珠应急罚决〔2025〕1号",  # 文号 of the 决定书
        "91430400MA88061052X",  # the party's 统一社会信用代码
        "89788049615",  # 吴婷's 执法证号
    } <= set(lines(record.identifiers))
    assert any(
        "参加人员：局长、副局长、法规科长" in line for line in lines(record.texts)
    )


def test_each_page_of_text_names_its_material_and_page(extracted_case):
    record = CaseSearchRecord.objects.get(case=extracted_case)
    materials = {m.pk: m for m in extracted_case.materials.all()}
    sources = [(materials[pk].original_name, page) for pk, page in record.text_sources]
    assert len(sources) == len(lines(record.texts))
    # The 询问笔录 has three pages; the video and the photos have no text.
    assert [p for name, p in sources if name == "05-询问笔录.pdf"] == [1, 2, 3]
    assert not {name for name, _ in sources} & {
        "03-现场检查录像.mp4",
        "04-现场照片.jpg",
    }
    for (pk, page), line in zip(record.text_sources, lines(record.texts), strict=True):
        assert materials[pk].doc_type in line, (materials[pk].original_name, page)


def test_a_phrase_only_in_a_pdf_finds_the_case_at_its_page(extracted_case, archivist):
    outcome = case_search(user=archivist, query="局长副局长")
    assert [hit.case for hit in outcome.hits] == [extracted_case]
    (snippet,) = outcome.hits[0].snippets
    material = extracted_case.materials.get(pk=snippet.material_id)
    assert (material.doc_type, snippet.page) == ("集体讨论记录", 1)
    assert "【局长、副局长】" in snippet.text


def test_scanned_pages_are_named_as_pages_without_text(example_bag):
    bag = example_bag()
    material_add(bag, SCANNED_PDF, pdf_bytes(), title="询问笔录（扫描件）")
    material_add(
        bag,
        SCANNED_IMAGE,
        (bag / PHOTO).read_bytes(),
        stage="service_execution",
        doc_type="送达回证",
        title="送达回证（扫描件）",
    )
    rebag(bag)
    case = package_ingest(source=bag).case
    report = case_texts_extract(case=case)
    scanned = {
        text.material.path: (text.status, text.empty_pages)
        for text in MaterialText.objects.filter(material__case=case)
        if text.empty_pages
    }
    assert scanned == {
        SCANNED_PDF: ("no_text_layer", [1]),
        SCANNED_IMAGE: ("no_text_layer", [1]),
    }
    assert sorted(path for _, path, _ in report.empty_pages) == sorted(scanned)
    # A photo is not a document: no text layer is looked for at all.
    assert not MaterialText.objects.filter(material__path=PHOTO).exists()
    record = case_search_record_refresh(case=case)
    scanned_ids = set(
        case.materials.filter(path__in=scanned).values_list("pk", flat=True)
    )
    assert not {pk for pk, _ in record.text_sources} & scanned_ids


def test_the_record_follows_the_dossier_once_committed(
    extracted_case, archivist, django_capture_on_commit_callbacks
):
    def record():
        return CaseSearchRecord.objects.get(case=extracted_case)

    with django_capture_on_commit_callbacks() as callbacks:
        dossier = dossier_assemble(case=extracted_case, user=archivist)
    # Until the assembly commits, search still shows the case without a dossier.
    assert (record().retention, record().dossier_state) == ("none", "none")
    for callback in callbacks:
        callback()
    assert (record().retention, record().dossier_state) == ("30y", "draft")
    assert dossier.archival_code in lines(record().identifiers)

    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_seal(
            dossier=dossier, user=archivist, override_reason="测试封存"
        )
    assert record().dossier_state == "sealed"
    sealed = case_search(
        user=archivist, query="长白山", filters=SearchFilters(dossier_state="sealed")
    )
    assert [hit.case for hit in sealed.hits] == [extracted_case]

    with django_capture_on_commit_callbacks(execute=True):
        dossier_new_version(dossier=dossier, user=archivist, reason="更正页号")
    assert record().dossier_state == "draft"


def test_a_search_is_logged_with_its_query_filters_and_total(extracted_case, archivist):
    before = AccessLogEntry.objects.count()
    outcome = case_search_run(
        user=archivist, query="长白山 建材", filters=SearchFilters(year=2025)
    )
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("sequence")
    assert (entry.action, entry.user, entry.reason) == ("search", archivist, "案件检索")
    assert entry.data["query"] == "长白山 建材"
    assert entry.data["filters"] == {"year": "2025"}
    assert entry.data["total"] == outcome.total == 1
    assert access_log_verify().ok


def test_a_search_that_finds_nothing_is_logged_too(extracted_case, other_archivist):
    case_search_run(user=other_archivist, query="长白山")
    case_search_run(user=other_archivist, query="不存在的词")
    entries = list(AccessLogEntry.objects.order_by("sequence"))
    assert [(e.user, e.data["query"], e.data["total"]) for e in entries[-2:]] == [
        (other_archivist, "长白山", 0),
        (other_archivist, "不存在的词", 0),
    ]
    report = access_log_verify()
    assert report.ok and report.checked == len(entries)
