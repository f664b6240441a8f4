"""Storing a package's payload: each file into content-addressed storage,
then identified and checked, in the bag's order.

Each stored object is noted as the run's, so that ingest removes it if the
run fails.
An archive's members, hashed as they were unpacked, are stored by a link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dossiers.services import StoredFile
from preservation.problems import PackageRefused, Problem
from preservation.services import storage
from preservation.services.ingest.bags import checksum_problem
from preservation.services.ingest.four_checks import CheckedFile, check_file
from preservation.services.ingest.identify import identify
from preservation.services.ingest.submission import Submission, original_name

if TYPE_CHECKING:
    from preservation.services.ingest.ingest import IngestRun


def _store_file(
    run: IngestRun, path: Path, extra: tuple[str, ...]
) -> storage.StoredObject:
    """Store a payload file: an unpacked one by a link, a bag's own by a copy."""
    staged = run.staged.find(path)
    if staged is None:
        return storage.object_store(path, extra_algorithms=extra)
    return storage.object_adopt(
        path, staged.digests, staged.size, extra_algorithms=extra
    )


def store_all(run: IngestRun, submission: Submission) -> list[tuple[dict, StoredFile]]:
    stored, problems = [], []
    for entry in submission.materials:
        rel = submission.payload_path(entry)
        expected = submission.bag.payload[rel]
        extra = tuple(a for a in expected if a != storage.ALGORITHM)
        obj = _store_file(run, submission.bag.file(rel), extra)
        result = _store_one(run, submission, entry, rel, obj)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            stored.append((entry, result))
    if problems:
        raise PackageRefused(problems, run.findings)
    return stored


def _created(run: IngestRun, obj: storage.StoredObject) -> None:
    """Note an object this run stored, to be removed if the run fails."""
    if obj.created or obj.digest in run.created:
        run.created[obj.digest] = obj.mtime_ns


def _store_one(
    run: IngestRun,
    submission: Submission,
    entry: dict,
    rel: str,
    obj: storage.StoredObject,
) -> StoredFile | Problem:
    _created(run, obj)
    found = {storage.ALGORITHM: obj.digest, **obj.extra_digests}
    for algorithm, digest in submission.bag.payload[rel].items():
        if found[algorithm] != digest:
            return checksum_problem(rel, algorithm, digest, found[algorithm])
    ident = identify(obj.path, name=rel, declared_form=entry["form"])
    checked = CheckedFile(rel=rel, path=obj.path, entry=entry, identification=ident)
    facts, findings = check_file(checked)
    run.findings += findings
    run.file_count += 1
    run.byte_count += obj.size
    if run.progress:
        run.progress(rel, obj.size)
    return StoredFile(
        path=rel,
        original_name=original_name(rel),
        media_type=ident.media_type,
        size=obj.size,
        digest_algorithm=storage.ALGORITHM,
        digest=obj.digest,
        pages=facts.pages,
    )
