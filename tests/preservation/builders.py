"""Builders for broken submission packages, and checks of what an ingest left.

Each test starts from a writable copy of a sample bag (`example_bag()`), breaks
exactly one thing with these helpers, and then either regenerates the manifests
with bagit-python (`rebag`) or leaves them lying on purpose.
"""

import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import bagit
import pikepdf
from django.conf import settings

from dossiers.models import Case, CaseEvent, Material

CASE_JSON = "data/case.json"

# Files of the sample "sip-example-major-penalty", relative to the bag.
DECISION_PDF = "data/materials/decision/11-行政处罚决定书.pdf"
FIRST_PDF = "data/materials/initiation/01-立案审批表.pdf"
LAST_PDF = "data/materials/archiving/15-结案审批表.pdf"
PHOTO = "data/materials/investigation/04-现场照片.jpg"
VIDEO = "data/materials/investigation/03-现场检查录像.mp4"


# --- case.json -------------------------------------------------------------


def case_read(bag: Path) -> dict[str, Any]:
    return json.loads((bag / CASE_JSON).read_text(encoding="utf-8"))


def case_write(bag: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    (bag / CASE_JSON).write_text(text, encoding="utf-8")


def profile_set(bag: Path, version: str, **case_fields: Any) -> None:
    """Declare a profile version, set `case` fields, and re-save the manifests."""
    document = case_read(bag)
    document["profile"] = f"enforcement-case-sip/{version}"
    document["case"].update(case_fields)
    case_write(bag, document)
    rebag(bag)


def material_index(document: dict[str, Any], rel: str) -> int:
    """The index in `materials[]` of the entry for a bag path ("data/...")."""
    paths = [f"data/{m['path']}" for m in document["materials"]]
    return paths.index(rel)


def material_edit(bag: Path, rel: str, **fields: Any) -> None:
    """Change fields of the `materials[]` entry of one file."""
    document = case_read(bag)
    document["materials"][material_index(document, rel)].update(fields)
    case_write(bag, document)


def material_add(bag: Path, rel: str, content: bytes, **fields: Any) -> None:
    """Add a payload file and its `materials[]` entry (a text record by default)."""
    target = bag / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    document = case_read(bag)
    entry = {
        "path": rel.removeprefix("data/"),
        "stage": "investigation",
        "form": "text",
        "doc_type": "询问笔录",
        "doc_number": "",
        "author": document["case"]["agency"]["name"],
        "title": Path(rel).stem,
        "date": document["case"]["closed_on"],
    }
    document["materials"].append(entry | fields)
    case_write(bag, document)


def material_rename(bag: Path, old: str, new: str) -> None:
    """Rename a payload file and its `materials[]` entry consistently."""
    (bag / new).parent.mkdir(parents=True, exist_ok=True)
    (bag / old).rename(bag / new)
    material_edit(bag, old, path=new.removeprefix("data/"))


def case_number_change(bag: Path, case_number: str) -> None:
    """Give the bag another case number, in case.json and in bag-info.txt."""
    document = case_read(bag)
    document["case"]["case_number"] = case_number
    case_write(bag, document)
    bag_info_set(bag, **{"External-Identifier": case_number})


# --- manifests and tag files ---------------------------------------------------


def rebag(bag: Path, *, algorithms: list[str] | None = None) -> None:
    """Regenerate the payload manifests, Payload-Oxum and the tag manifests.

    With `algorithms`, the manifests of every other algorithm are removed.
    """
    loaded = bagit.Bag(str(bag))
    if algorithms:
        for old in [*bag.glob("manifest-*.txt"), *bag.glob("tagmanifest-*.txt")]:
            old.unlink()
        loaded.algorithms = algorithms
    loaded.save(manifests=True)


def bag_info_set(bag: Path, **tags: str) -> None:
    """Set bag-info.txt tags (a value of None removes the tag) and re-save."""
    loaded = bagit.Bag(str(bag))
    for name, value in tags.items():
        if value is None:
            loaded.info.pop(name, None)
        else:
            loaded.info[name] = value
    loaded.save()


def tag_manifests_refresh(bag: Path) -> None:
    """Recompute the tag manifests after a tag file was edited by hand."""
    for manifest in bag.glob("tagmanifest-*.txt"):
        algorithm = manifest.name.removeprefix("tagmanifest-").removesuffix(".txt")
        bagit._make_tagmanifest_file(algorithm, str(bag))


def manifest_line_add(bag: Path, rel: str, digest: str = "0" * 64) -> None:
    """Append a hand-written line to manifest-sha256.txt (a lying manifest)."""
    with (bag / "manifest-sha256.txt").open("a", encoding="utf-8") as f:
        f.write(f"{digest}  {rel}\n")


def byte_flip(path: Path, offset: int | None = None) -> None:
    """Change one byte in place: same size, different content."""
    data = bytearray(path.read_bytes())
    offset = len(data) // 2 if offset is None else offset
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def bag_clone(bag: Path, name: str) -> Path:
    return Path(shutil.copytree(bag, bag.parent / name))


# --- archives ------------------------------------------------------------------


def zip_bag(
    bag: Path, *, extra: dict[str, bytes] | None = None, name: str | None = None
) -> Path:
    """Zip a bag under its own folder name, plus raw `extra` entries."""
    target = bag.parent / (name or f"{bag.name}.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(bag.parent).as_posix())
        for entry, content in (extra or {}).items():
            # A ZipInfo keeps the name exactly as given ("../x", "/x").
            info = zipfile.ZipInfo(entry)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return target


def zip_symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o120777 << 16  # S_IFLNK in the Unix mode bits
    return info


def tar_bag(
    bag: Path, *, mode: str = "w", extra: list[tarfile.TarInfo] | None = None
) -> Path:
    """Tar a bag under its own folder name, plus raw `extra` members."""
    suffix = ".tar.gz" if mode == "w:gz" else ".tar"
    target = bag.parent / f"{bag.name}{suffix}"
    with tarfile.open(target, mode) as tf:
        tf.add(bag, arcname=bag.name)
        for member in extra or []:
            data = b"x" * member.size if member.isfile() else None
            tf.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def tar_member(
    name: str, *, kind: bytes = tarfile.REGTYPE, link: str = ""
) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = link
    member.size = 1 if kind == tarfile.REGTYPE else 0
    return member


# --- file contents -----------------------------------------------------------------


def pdf_bytes(
    *, encrypted: bool = False, javascript: str = "", attachment: bool = False
) -> bytes:
    """A one-page PDF, optionally encrypted, with an embedded file, or with
    JavaScript as an "open_action", in the "names" tree or behind a "link"."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    if javascript == "open_action":
        pdf.Root.OpenAction = action
    elif javascript == "names":
        scripts = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), action]))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=scripts)
    elif javascript == "link":
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9]
        )
        link.A = action
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))
    if attachment:
        pdf.attachments["附件.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden")
    out = io.BytesIO()
    encryption = pikepdf.Encryption(owner="o", user="u") if encrypted else False
    pdf.save(out, encryption=encryption)
    return out.getvalue()


def ofd_bytes() -> bytes:
    """A minimal OFD container: a zip whose root holds OFD.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0"?><ofd:OFD DocType="OFD"/>')
        zf.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return out.getvalue()


# --- what an ingest left behind ------------------------------------------------------


def stored_objects() -> set[Path]:
    """Every file under ARCHIVE_STORAGE/objects/ (finished or temporary)."""
    root = Path(settings.ARCHIVE_STORAGE) / "objects"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def staging_leftovers() -> list[Path]:
    staging = Path(settings.ARCHIVE_STAGING)
    return list(staging.iterdir()) if staging.exists() else []


def assert_nothing_left(*, objects_before: set[Path] | frozenset = frozenset()) -> None:
    """A refused or failed ingest leaves no rows, no new objects, no staging."""
    assert Case.objects.count() == 0
    assert Material.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert stored_objects() == set(objects_before)
    assert staging_leftovers() == []


def finding(report, code: str, path: str | None = None) -> dict[str, Any]:
    """The one finding of `report` with this code (and path)."""
    matching = [
        f
        for f in report.findings
        if f["code"] == code and (path is None or f["path"] == path)
    ]
    assert len(matching) == 1, report.findings
    return matching[0]


def assert_refused(report, code: str, path: str, field: str = "") -> None:
    """The report is a refusal whose errors name this code, path and field."""
    assert report.status == "refused"
    assert report.case is None
    found = {(e["code"], e["path"], e["field"]) for e in report.errors}
    assert (code, path, field) in found, report.errors


FOUR_PROPERTIES = {"真实性", "完整性", "可用性", "安全性"}


def four_property_findings(report) -> list[dict[str, Any]]:
    """The report's four-property findings, without the regulation findings."""
    return [f for f in report.findings if f["category"] in FOUR_PROPERTIES]
