"""`bag_validate`: a submission package checked layer after layer, all reported.

The entry function producers and the archive share. It reads a bag folder, or
unpacks a `.zip`/`.tar`/`.tar.gz` to a temporary folder first (with ingest's
limits), then runs in order: RFC 8493 (`rfc`), the BagIt Profile
(`profile_checks`), `data/case.json` against the schema and the payload
(`submission_check`, ingest's own), and the four-property check on the bag's
files where they lie. With `profile=False` it stops after the RFC. Nothing is
written to the database or to storage; the caller prints the report.
"""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from preservation import profile as sip_profile
from preservation.problems import PackageRefused, Problem
from preservation.services.bag_validate.four_property import four_property_check
from preservation.services.bag_validate.issues import Issues, ValidationReport
from preservation.services.bag_validate.profile_checks import profile_check
from preservation.services.bag_validate.rfc import RfcBag, rfc_check
from preservation.services.ingest.bags import bag_contents
from preservation.services.ingest.submission import submission_check
from preservation.services.ingest.unpack import package_unpack

PROFILES = (sip_profile.PROFILE_NAME, "none")


def bag_validate(path: Path, *, profile: bool = True) -> ValidationReport:
    """Check a package and report every problem found.

    Args:
        path: a bag folder, or a .zip/.tar/.tar.gz holding one.
        profile: False stops after RFC 8493 (`--profile none`).

    Returns:
        The report: valid when it holds no error.
    """
    issues = Issues()
    with _bag_root(path, issues) as root:
        if root is not None:
            _validate(root, issues, profile=profile)
    return ValidationReport(path=str(path), issues=issues)


@contextmanager
def _bag_root(path: Path, issues: Issues) -> Iterator[Path | None]:
    if not path.exists():
        issues.error("not_found", f"路径 {path} 不存在。", str(path))
        yield None
        return
    if path.is_dir():
        yield path
        return
    staging = Path(tempfile.mkdtemp(prefix="bag-validate-"))
    try:
        try:
            root = package_unpack(path, staging)
        except PackageRefused as refusal:
            _problems_add(issues, refusal.problems)
            root = None
        yield root
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _validate(root: Path, issues: Issues, *, profile: bool) -> None:
    bag = rfc_check(root, issues)
    if bag is None or not profile:
        return
    profile_check(bag, issues)
    document = _schema_check(bag, issues)
    if document is not None:
        four_property_check(bag, document, issues)


def _schema_check(bag: RfcBag, issues: Issues) -> dict | None:
    contents = bag_contents(bag, ())
    # Every file on disk, listed or not, so that case.json is read even when the
    # manifest forgets it; its checksum is the RFC layer's, not checked again.
    contents.payload = {rel: {} for rel in bag.disk.payload}
    contents.disk_paths = dict(bag.disk.payload)
    checked = submission_check(contents)
    _problems_add(issues, checked.problems)
    return checked.document


def _problems_add(issues: Issues, problems: list[Problem]) -> None:
    """Add ingest's problems, on the line ingest found for each."""
    for problem in problems:
        issues.error(
            problem.code,
            problem.message,
            problem.path,
            line=problem.line,
            field=problem.field,
        )
