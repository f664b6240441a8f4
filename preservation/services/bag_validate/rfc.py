"""RFC 8493 alone: is this a complete and valid bag? Free of Django.

`rfc_check` runs every check of the RFC and reports all it finds, in the
order a reader meets them: bagit.txt, the links and special files on disk,
bag-info.txt, every manifest and tag manifest, fetch.txt, completeness (and a
warning for each tag file a tag manifest leaves out), every checksum,
Payload-Oxum. It stops early only when there is no bag at all
(no bagit.txt or no data/). It returns what the bag promises (`RfcBag`) for
the profile and the later layers.

Ingest reads payload checksums while it copies each file into storage, so it
passes `verify_payload=False` and gets the rest; the tag manifests are always
verified.
"""

from dataclasses import dataclass, field
from pathlib import Path

from preservation.services.bag_validate.issues import Issues
from preservation.services.bag_validate.manifests import (
    FETCH_TXT,
    Manifest,
    fetch_read,
    manifests_read,
)
from preservation.services.bag_validate.payload import (
    Disk,
    checksums_check,
    completeness_check,
    disk_scan,
    fetch_listed_check,
    oxum_check,
    tag_listing_check,
)
from preservation.services.bag_validate.tagfiles import (
    BagInfo,
    Declaration,
    bag_info_read,
    bagit_txt_read,
)


@dataclass
class RfcBag:
    """What a bag declares and holds, as far as it could be read."""

    root: Path
    declaration: Declaration
    info: BagInfo
    manifests: list[Manifest] = field(default_factory=list)
    fetch: list[str] = field(default_factory=list)
    disk: Disk = field(default_factory=Disk)

    @property
    def has_fetch(self) -> bool:
        return (self.root / FETCH_TXT).exists()

    def payload_digests(self, algorithms: tuple[str, ...]) -> dict[str, dict[str, str]]:
        """NFC payload path -> {algorithm: digest} for these algorithms."""
        payload: dict[str, dict[str, str]] = {}
        for manifest in self.manifests:
            if manifest.is_tag or manifest.algorithm not in algorithms:
                continue
            for key, (_, digest, _) in manifest.entries.items():
                payload.setdefault(key, {})[manifest.algorithm] = digest
        return payload


def rfc_check(
    root: Path, issues: Issues, *, verify_payload: bool = True
) -> RfcBag | None:
    """Check a bag folder against RFC 8493; None when it is not a bag at all."""
    if not _is_bag(root, issues):
        return None
    declaration = bagit_txt_read(root, issues)
    disk = disk_scan(root, issues)
    encoding = declaration.encoding
    bag = RfcBag(
        root=root,
        declaration=declaration,
        info=bag_info_read(root, encoding, issues),
        manifests=manifests_read(root, encoding, issues),
        fetch=fetch_read(root, encoding, issues),
        disk=disk,
    )
    fetch_listed_check(bag.fetch, bag.manifests, issues)
    completeness_check(bag.manifests, disk, issues)
    tag_listing_check(bag.manifests, disk, issues)
    checksums_check(root, bag.manifests, disk, issues, tags_only=not verify_payload)
    oxum_check(bag.info, disk, issues)
    return bag


def _is_bag(root: Path, issues: Issues) -> bool:
    if not (root / "bagit.txt").is_file():
        issues.error("not_a_bag", "缺少 bagit.txt，不是 BagIt 包。", "bagit.txt")
        return False
    if not (root / "data").is_dir() or (root / "data").is_symlink():
        issues.error("not_a_bag", "缺少 data/ 载荷目录，不是 BagIt 包。", "data/")
        return False
    return True
