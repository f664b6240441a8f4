"""Minimal cases built with the ORM, for rule and dossier tests."""

import datetime as dt
import hashlib
import itertools

from dossiers.models import Agency, Case, Material, Party

_serial = itertools.count(1)


def make_agency(**fields) -> Agency:
    n = next(_serial)
    defaults = {
        "name": f"测试市应急管理局{n}",
        "code": f"11{n:016d}",
        "fonds": f"T{n:04d}",
    }
    return Agency.objects.create(**(defaults | fields))


def make_case(agency: Agency | None = None, **fields) -> Case:
    agency = agency or make_agency()
    n = next(_serial)
    defaults = {
        "case_number": f"测应急罚〔2025〕{n}号",
        "title": "某公司未按规定开展安全培训案",
        "category": "administrative_penalty",
        "procedure": "ordinary",
        "initiation": "ex_officio",
        "opened_on": dt.date(2025, 3, 1),
        "closed_on": dt.date(2025, 4, 30),
        "package_fingerprint": "0" * 64,
    }
    case = Case.objects.create(agency=agency, **(defaults | fields))
    Party.objects.create(case=case, party_type="legal_person", name="某公司")
    return case


def add_material(case: Case, doc_type: str, **fields) -> Material:
    sequence = case.materials.count() + 1
    digest = hashlib.sha256(f"{case.pk}-{sequence}".encode()).hexdigest()
    defaults = {
        "sequence": sequence,
        "path": f"data/materials/{sequence:02d}-{doc_type}.pdf",
        "original_name": f"{sequence:02d}-{doc_type}.pdf",
        "stage": "investigation",
        "form": "text",
        "doc_type": doc_type,
        "title": doc_type,
        "date": dt.date(2025, 3, 10),
        "media_type": "application/pdf",
        "size": 1000,
        "digest": digest,
        "pages": 1,
    }
    return Material.objects.create(case=case, **(defaults | fields))


def av(
    recorded_from="2025-03-10T09:00:00+08:00",
    recorded_to="2025-03-10T09:40:00+08:00",
    stored_at="2025-03-10T15:00:00+08:00",
    **extra,
) -> dict:
    return {
        "recorded_from": recorded_from,
        "recorded_to": recorded_to,
        "stored_at": stored_at,
        "device": "ZFJLY-0001",
        "made_by": "张伟",
        "method": "执法记录仪录像",
        "proves": "现场检查情况",
        "continuous": True,
        "interruptions": [],
        **extra,
    }


def add_av(case: Case, activity: str, form: str = "video", **av_fields) -> Material:
    ext = {"video": "mp4", "audio": "m4a", "photo": "jpg"}[form]
    media = {"video": "video/mp4", "audio": "audio/mp4", "photo": "image/jpeg"}[form]
    sequence = case.materials.count() + 1
    return add_material(
        case,
        f"{activity}录像",
        form=form,
        activity=activity,
        av=av(**av_fields),
        path=f"data/materials/{sequence:02d}-av.{ext}",
        media_type=media,
        pages=None,
    )
