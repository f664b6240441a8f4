"""Two ingests at once that share a file: a refusal never takes the other's original.

Package A (refused: it carries an executable) and package B (accepted) both
hold the same new PDF. They run in two threads, interleaved at the worst
moment through ingest's public progress callback: A stores the PDF first, B
stores the same bytes (finding the object already there), A is refused and
cleans up, and only then does B commit its case.
"""

import hashlib
import threading
from pathlib import Path

import pytest
from django.db import connection

from dossiers.models import Material
from preservation.services import storage
from preservation.services.ingest import package_ingest
from tests.conftest import ORDINARY
from tests.preservation.builders import material_add, pdf_bytes, rebag

SHARED = "data/materials/investigation/20-共同证据.pdf"
EXECUTABLE = "data/materials/investigation/21-电子数据.bin"
WAIT = 60


def _bags(example_bag) -> tuple[Path, Path]:
    refused, accepted = example_bag(), example_bag(ORDINARY)
    for bag in (refused, accepted):
        material_add(bag, SHARED, pdf_bytes(), form="text", title="共同证据")
    material_add(
        refused,
        EXECUTABLE,
        Path("/bin/true").read_bytes(),
        form="electronic_data",
        title="数据",
    )
    rebag(refused)
    rebag(accepted)
    return refused, accepted


class _Interleaving:
    """A stores SHARED → B stores SHARED → A finishes → B finishes."""

    def __init__(self) -> None:
        self.a_stored = threading.Event()
        self.b_stored = threading.Event()
        self.a_done = threading.Event()
        self.reports: dict[str, object] = {}

    def run_a(self, bag: Path) -> None:
        def progress(rel: str, _size: int) -> None:
            if rel == SHARED:
                self.a_stored.set()
                assert self.b_stored.wait(WAIT)

        self._ingest("a", bag, progress)
        self.a_done.set()

    def run_b(self, bag: Path) -> None:
        def progress(rel: str, _size: int) -> None:
            if rel == SHARED:
                self.b_stored.set()
                assert self.a_done.wait(WAIT)

        assert self.a_stored.wait(WAIT)
        self._ingest("b", bag, progress)

    def _ingest(self, name: str, bag: Path, progress) -> None:
        try:
            self.reports[name] = package_ingest(source=bag, progress=progress)
        finally:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_refused_ingest_keeps_the_original_a_concurrent_ingest_reused(
    example_bag,
):
    refused_bag, accepted_bag = _bags(example_bag)
    run = _Interleaving()
    threads = [
        threading.Thread(target=run.run_a, args=(refused_bag,)),
        threading.Thread(target=run.run_b, args=(accepted_bag,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)

    assert run.reports["a"].status == "refused"
    accepted = run.reports["b"]
    assert accepted.status == "accepted", accepted.errors
    materials = Material.objects.filter(case=accepted.case)
    assert SHARED in {m.path for m in materials}
    for material in materials:
        path = storage.object_path(material.digest)
        assert path.is_file(), f"{material.path} 的原件已丢失"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == material.digest
