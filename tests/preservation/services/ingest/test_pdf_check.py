"""Hostile and odd PDFs end to end: each is either refused at ingest with a
four-property finding naming the file, or accepted and then assembled,
text-extracted and exported without a traceback (issue #9 item 5).

The corpus is generated in code (`pdf_corpus.py`). Every step runs through
the commands operators use: `ingest`, `dossier_assemble`, `text_extract` and
`dossier_export`.
"""

import contextlib
import io
import json
import stat

import pikepdf
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dossiers.models import Case, Dossier, Material
from preservation.services.storage import object_path, object_store
from tests.preservation import pdf_corpus
from tests.preservation.builders import DECISION_PDF, rebag

pytestmark = pytest.mark.django_db

DOCUMENTS = 7  # merged PDF, 材料目录 ×3, cover, 备考表, check report


def _ingest(bag, content: bytes) -> dict:
    (bag / DECISION_PDF).write_bytes(content)
    rebag(bag)
    out = io.StringIO()
    # A refusal exits with status 1; the report is on stdout all the same.
    with contextlib.suppress(CommandError):
        call_command("ingest", str(bag), "--json", stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def _run_later_steps(report: dict, out_dir) -> pikepdf.Pdf:
    """Assemble, extract text and export; return the merged PDF."""
    number = report["case_number"]
    call_command("dossier_assemble", number, stdout=io.StringIO())
    texts = io.StringIO()
    call_command("text_extract", number, "--all", "--json", stdout=texts)
    call_command("dossier_export", number, "--out", str(out_dir), stdout=io.StringIO())
    assert len(list(out_dir.iterdir())) == DOCUMENTS
    merged = next(out_dir.glob("*案卷合并文件.pdf"))
    return pikepdf.open(merged)


def _decision_findings(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["path"] == DECISION_PDF]


REFUSED = [n for n, (_, o, _) in pdf_corpus.CORPUS.items() if o == "refused"]
ACCEPTED = [n for n, (_, o, _) in pdf_corpus.CORPUS.items() if o == "accepted"]


@pytest.mark.parametrize("name", REFUSED)
def test_an_unusable_pdf_is_refused_naming_the_file_and_problem(example_bag, name):
    build, _, code = pdf_corpus.CORPUS[name]

    report = _ingest(example_bag(), build())

    assert report["status"] == "refused"
    errors = [f for f in _decision_findings(report) if f["severity"] == "error"]
    assert code in {f["code"] for f in errors}, report
    assert all(f["article"].startswith("DA/T 70-2018 ") for f in errors)
    assert all(f["message"] and "/tmp" not in f["message"] for f in errors)
    assert not Case.objects.exists() and not Material.objects.exists()


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_odd_but_usable_pdf_goes_through_to_export(example_bag, tmp_path, name):
    build, _, code = pdf_corpus.CORPUS[name]

    report = _ingest(example_bag(), build())

    assert report["status"] == "accepted", report["errors"]
    codes = {f["code"] for f in _decision_findings(report)}
    assert codes == ({code} if code else set())
    decision = Material.objects.get(path=DECISION_PDF)
    with _run_later_steps(report, tmp_path / "out") as merged:
        entry = Dossier.objects.get().entries.get(material=decision)
        labels = {page.label for page in merged.pages}
    assert {str(entry.page_from), str(entry.page_to)} <= labels
    assert decision.pages == entry.page_to - entry.page_from + 1


def test_the_last_revision_of_an_updated_pdf_is_what_is_bound_and_found(
    example_bag, tmp_path
):
    report = _ingest(example_bag(), pdf_corpus.incremental_update())
    decision = Material.objects.get(path=DECISION_PDF)
    (finding,) = _decision_findings(report)
    assert finding["severity"] == "info" and finding["detail"] == {"updates": 1}

    with _run_later_steps(report, tmp_path / "out") as merged:
        labels = [page.label for page in merged.pages]
    entry = Dossier.objects.get().entries.get(material=decision)
    reader = pypdf.PdfReader(next((tmp_path / "out").glob("*案卷合并文件.pdf")))
    page_text = reader.pages[labels.index(str(entry.page_from))].extract_text()
    assert "REVISED" in page_text and "ORIGINAL" not in page_text
    assert decision.text.pages == ["REVISED"]


def test_an_owner_password_is_refused_as_encryption_with_its_kind(example_bag):
    report = _ingest(example_bag(), pdf_corpus.owner_password_only())

    (finding,) = _decision_findings(report)
    assert finding["code"] == "pdf_encrypted"
    assert finding["detail"] == {"lock": "permissions"}
    assert "权限口令" in finding["message"]


@pytest.mark.parametrize("seed", pdf_corpus.FUZZ_SEEDS)
def test_a_fuzzed_pdf_is_either_refused_by_name_or_exported(
    example_bag, tmp_path, seed
):
    report = _ingest(example_bag(), pdf_corpus.fuzzed(seed)())

    if report["status"] == "refused":
        errors = [f for f in _decision_findings(report) if f["severity"] == "error"]
        assert errors, report
        assert {f["category"] for f in errors} <= {"可用性", "安全性"}
        return
    with _run_later_steps(report, tmp_path / "out") as merged:
        assert len(merged.pages) > 3


# --- the second line of defence: a material that went bad after ingest ------------


def _assembled(ingested_case) -> Material:
    """Assemble the case; return its decision, which the test then spoils."""
    call_command("dossier_assemble", ingested_case.case_number, stdout=io.StringIO())
    return ingested_case.materials.get(path=DECISION_PDF)


def _export_fails_naming(case: Case, material: Material, out_dir, problem: str):
    with pytest.raises(CommandError) as raised:
        call_command("dossier_export", case.case_number, "--out", str(out_dir))
    message = str(raised.value)
    assert f"序号 {material.sequence}" in message
    assert material.title in message and material.path in message
    assert problem in message
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def _writable(path):
    path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return path


def test_export_names_a_material_whose_original_is_missing(ingested_case, tmp_path):
    decision = _assembled(ingested_case)
    object_path(decision.digest).unlink()

    _export_fails_naming(ingested_case, decision, tmp_path / "out", "找不到原件")


def test_export_names_a_material_whose_original_was_damaged(ingested_case, tmp_path):
    decision = _assembled(ingested_case)
    path = _writable(object_path(decision.digest))
    path.write_bytes(path.read_bytes()[:-200])

    _export_fails_naming(ingested_case, decision, tmp_path / "out", "摘要值不符")


def test_export_names_a_pdf_without_pages_that_an_older_ingest_let_in(
    ingested_case, tmp_path
):
    decision = _assembled(ingested_case)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(pdf_corpus.empty_page_tree())
    stored = object_store(empty)
    Material.objects.filter(pk=decision.pk).update(
        digest=stored.digest, size=stored.size, pages=0
    )
    decision.refresh_from_db()

    _export_fails_naming(ingested_case, decision, tmp_path / "out", "没有任何页面")


def test_export_leaves_earlier_files_in_place_when_a_material_fails(
    ingested_case, tmp_path
):
    decision = _assembled(ingested_case)
    out_dir = tmp_path / "out"
    call_command("dossier_export", ingested_case.case_number, "--out", str(out_dir))
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    object_path(decision.digest).unlink()

    with pytest.raises(CommandError):
        call_command("dossier_export", ingested_case.case_number, "--out", str(out_dir))

    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


def _assemble_fails_naming(case: Case, material: Material, problem: str) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("dossier_assemble", case.case_number, stderr=err)
    message = err.getvalue()
    assert f"序号 {material.sequence}" in message
    assert material.title in message and material.path in message
    assert problem in message
    assert not Dossier.objects.filter(case=case).exists()


def test_assembly_names_a_pdf_without_pages_that_an_older_ingest_let_in(
    ingested_case, tmp_path
):
    decision = ingested_case.materials.get(path=DECISION_PDF)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(pdf_corpus.empty_page_tree())
    stored = object_store(empty)
    Material.objects.filter(pk=decision.pk).update(
        digest=stored.digest, size=stored.size, pages=0
    )

    _assemble_fails_naming(ingested_case, decision, "没有任何页面")


def test_the_download_names_a_material_that_cannot_be_bound(
    client, archivist, ingested_case
):
    decision = _assembled(ingested_case)
    object_path(decision.digest).unlink()
    dossier = Dossier.objects.get(case=ingested_case)
    client.force_login(archivist)

    response = client.get(
        reverse("access_control:dossier_document", args=[dossier.pk, "dossier"])
        + "?purpose=审核"
    )

    assert response.status_code == 409
    text = response.content.decode()
    assert f"序号 {decision.sequence}" in text and decision.path in text
    assert "找不到原件" in text
