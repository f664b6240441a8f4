"""The archive's BagIt Profile, on a bag RFC 8493 could read.

What `preservation.profile` publishes as the BagIt Profile and ingest enforces:
an accepted BagIt version, no fetch.txt, the required bag-info.txt tags, and at
least one payload manifest in an accepted algorithm (sha256 or sha512; md5 and
sha1 manifests may come beside one, and are then only checked, never used).
`data/case.json` (the profile's required payload file) is the next layer's.
"""

from preservation import profile
from preservation.services.bag_validate.issues import Issues
from preservation.services.bag_validate.rfc import RfcBag
from preservation.services.bag_validate.tagfiles import BAG_INFO, version_refused


def profile_check(bag: RfcBag, issues: Issues) -> None:
    """Report every way the bag breaks the profile."""
    version = bag.declaration.version
    already = any(i.field == "BagIt-Version" for i in issues.errors)
    if version not in profile.ACCEPTED_BAGIT_VERSIONS and not already:
        issues.error(*version_refused(version), line=1, field="BagIt-Version")
    if bag.has_fetch:
        issues.error(
            "fetch_not_allowed", "不接受含 fetch.txt 的不完整包。", "fetch.txt"
        )
    for tag in profile.REQUIRED_BAG_INFO:
        if not bag.info.get(tag).strip():
            issues.error(
                "bag_info_missing",
                f"bag-info.txt 缺少必填标签 {tag}。",
                BAG_INFO,
                field=tag,
            )
    _algorithms(bag, issues)


def _algorithms(bag: RfcBag, issues: Issues) -> None:
    payload = {m.algorithm for m in bag.manifests if not m.is_tag}
    if payload and not payload & set(profile.ALLOWED_MANIFEST_ALGORITHMS):
        found = "、".join(sorted(payload))
        issues.error(
            "manifest_algorithm_refused",
            f"载荷清单算法为 {found}；须提供 sha256 或 sha512 清单"
            "（md5、sha1 不被接受）。",
            "manifest-sha256.txt",
        )
    known = profile.ALLOWED_MANIFEST_ALGORITHMS + profile.REFUSED_MANIFEST_ALGORITHMS
    for manifest in bag.manifests:
        if manifest.algorithm not in known:
            issues.error(
                "manifest_algorithm_refused",
                f"不支持的清单算法：{manifest.algorithm}（{manifest.name}）。",
                manifest.name,
            )
