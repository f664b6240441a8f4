"""What a rebuild restores first: a case's originals, back into storage.

`originals_restore` stores every original a package lists in
content-addressed storage, each verified against the digest and size the
catalogue had recorded; `originals_discard` takes back what a run stored for
a case that was then not rebuilt (only objects no material refers to and
nobody has stored since).
"""

from preservation.selectors import objects_unreferenced
from preservation.services import storage
from preservation.services.rebuild.found import Found, Unusable


def originals_restore(found: Found) -> dict[str, int]:
    """Store every original of the package; return the objects newly stored."""
    created: dict[str, int] = {}
    try:
        for material in found.metadata["materials"]:
            rel = f"data/{material['file']}"
            if rel not in found.bag.entries:  # also keeps paths inside the bag
                raise Unusable(f"原件 {rel} 不在保存包的清单中。")
            obj = storage.object_store(found.path / rel)
            if obj.created or obj.digest in created:
                created[obj.digest] = obj.mtime_ns
            if obj.digest != material["digest"] or obj.size != material["size"]:
                raise Unusable(
                    f"原件 {rel} 的摘要 {obj.digest} "
                    f"与登记的 {material['digest']} 不符。"
                )
    except BaseException:
        originals_discard(created)
        raise
    return created


def originals_discard(created: dict[str, int]) -> None:
    """Remove objects this run stored for a case that was not rebuilt."""
    unreferenced = objects_unreferenced(created)
    for digest, mtime_ns in created.items():
        if digest in unreferenced:
            storage.object_remove_if_untouched(digest, mtime_ns=mtime_ns)
