"""RFC 8493 example bags, written byte by byte for the tests.

Not made with bagit-python: the invalid examples need exactly the bytes a
careless or hostile producer writes, and the valid ones use what bagit-python
itself never writes (UTF-16 tag files, escaped names, `./`, several manifests).
"""

import hashlib
from pathlib import Path


def escape(rel: str) -> str:
    """A file name as a manifest lists it (RFC 8493 §2.1.3)."""
    return rel.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def manifest_text(files: dict[str, bytes], algorithm: str, *, prefix: str = "") -> str:
    return "".join(
        f"{hashlib.new(algorithm, content).hexdigest()}  {prefix}{escape(rel)}\n"
        for rel, content in files.items()
    )


def oxum(files: dict[str, bytes]) -> str:
    return f"{sum(len(c) for c in files.values())}.{len(files)}"


def rfc_bag(
    root: Path,
    payload: dict[str, bytes] | None = None,
    *,
    algorithms: tuple[str, ...] = ("sha256",),
    encoding: str = "UTF-8",
    info: str | None = None,
    prefix: str = "",
) -> Path:
    """A complete, valid bag: payload files, manifests, tag manifests."""
    payload = {"data/hello.txt": b"hello\n"} if payload is None else payload
    for rel, content in payload.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content)
    (root / "data").mkdir(parents=True, exist_ok=True)
    codec = "utf-16" if encoding.upper() == "UTF-16" else "utf-8"
    (root / "bagit.txt").write_bytes(
        f"BagIt-Version: 1.0\nTag-File-Character-Encoding: {encoding}\n".encode()
    )
    if info is None:
        info = f"Bagging-Date: 2025-03-01\nPayload-Oxum: {oxum(payload)}\n"
    (root / "bag-info.txt").write_bytes(info.encode(codec))
    for algorithm in algorithms:
        text = manifest_text(payload, algorithm, prefix=prefix)
        (root / f"manifest-{algorithm}.txt").write_bytes(text.encode(codec))
    tags_refresh(root, algorithms=algorithms)
    return root


def tags_refresh(root: Path, *, algorithms: tuple[str, ...] = ("sha256",)) -> None:
    """Write the tag manifests again, after a tag file was changed."""
    codec = "utf-16" if "UTF-16" in (root / "bagit.txt").read_text("utf-8") else "utf-8"
    tags = {
        p.name: p.read_bytes()
        for p in sorted(root.iterdir())
        if p.is_file() and not p.name.startswith("tagmanifest-")
    }
    for algorithm in algorithms:
        text = manifest_text(tags, algorithm)
        (root / f"tagmanifest-{algorithm}.txt").write_bytes(text.encode(codec))


def lines_append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)
