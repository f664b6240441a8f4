"""Reading a submission bag and checking it against the BagIt Profile.

This module answers "is this a well-formed bag that the profile accepts, and
what does its manifest promise?". The checks are `bag_validate`'s RFC 8493 and
profile layers, so a refusal lists every structural problem at once, the same
a producer's pre-check shows. bagit-python is not used here: it stops at the
first error, and its path check (`os.path.commonprefix`) lets a sibling folder
with the same prefix through; paths are checked by their components. Payload
checksums are verified later, while the files are copied into storage (one
read per file); tag files are verified here.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from preservation import profile
from preservation.problems import PackageRefused, Problem
from preservation.services.bag_validate.issues import Issue, Issues
from preservation.services.bag_validate.profile_checks import profile_check
from preservation.services.bag_validate.rfc import RfcBag, rfc_check


@dataclass
class BagContents:
    """What a structurally valid bag promises."""

    root: Path
    version: str
    info: dict[str, str]
    # NFC payload path ("data/...") -> {algorithm: hex digest}
    payload: dict[str, dict[str, str]] = field(default_factory=dict)
    # NFC payload path -> the path as it is on disk (may be NFD, e.g. from macOS)
    disk_paths: dict[str, str] = field(default_factory=dict)
    # (NFC payload path, algorithm) -> (manifest, line) where it is listed
    listed: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def file(self, rel: str) -> Path:
        """The file on disk for an NFC payload path."""
        return self.root / self.disk_paths.get(rel, rel)

    @property
    def algorithms(self) -> list[str]:
        return sorted({alg for digests in self.payload.values() for alg in digests})


def bag_read(root: Path) -> BagContents:
    """Check a bag's structure and return its manifest promises.

    Raises:
        PackageRefused: with every structural problem found.
    """
    issues = Issues()
    bag = rfc_check(root, issues, verify_payload=False)
    if bag is not None:
        profile_check(bag, issues)
    if bag is None or issues.errors:
        raise PackageRefused([issue_problem(i) for i in issues.errors])
    return bag_contents(bag, profile.ALLOWED_MANIFEST_ALGORITHMS)


def bag_contents(bag: RfcBag, algorithms: tuple[str, ...]) -> BagContents:
    """The promises of a bag read by `rfc_check`, in these algorithms."""
    payload = bag.payload_digests(algorithms)
    return BagContents(
        root=bag.root,
        version=bag.declaration.version,
        info=bag.info.flat(),
        payload=payload,
        disk_paths={rel: bag.disk.payload.get(rel, rel) for rel in payload},
        listed=_listed(bag, algorithms),
    )


def _listed(bag: RfcBag, algorithms: tuple[str, ...]) -> dict:
    return {
        (key, manifest.algorithm): (manifest.name, line)
        for manifest in bag.manifests
        if not manifest.is_tag and manifest.algorithm in algorithms
        for key, (_, _, line) in manifest.entries.items()
    }


def issue_problem(issue: Issue) -> Problem:
    """An issue of `bag_validate` as a reason to refuse a package."""
    return Problem(issue.code, issue.message, issue.file, issue.field, issue.line)


_MISMATCH = "校验值不符："


def _mismatch(rel: str, algorithm: str, expected: str, found: str) -> Problem:
    return Problem(
        "checksum_mismatch",
        f"{algorithm} {_MISMATCH}清单为 {expected.lower()}，实际为 {found}。",
        rel,
    )


def checksum_problem(rel: str, algorithm: str, expected: str, found: str) -> Problem:
    """The problem reported when a payload file does not match its manifest."""
    return _mismatch(rel, algorithm, expected, found)


def checksum_problem_placed(problem: Problem, bag: BagContents) -> Problem:
    """A `checksum_problem` naming the manifest and the line that lists the
    file, as `bag_validate` does (the store step knows the file only)."""
    algorithm = problem.message.split(" ", 1)[0]
    listed = bag.listed.get((problem.path, algorithm))
    if problem.code != "checksum_mismatch" or listed is None or problem.line:
        return problem
    name, line = listed
    where = f"校验值不符（清单 {name} 第 {line} 行）："
    return replace(
        problem, message=problem.message.replace(_MISMATCH, where), line=line
    )
