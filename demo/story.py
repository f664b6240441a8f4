"""The state of one demo case while its materials are being written.

A ``Story`` owns the case's clock, its parties and officers, the materials
written so far (``materials[]`` entries of ``case.json``) and their bytes.
The step modules (``initiation``, ``investigation``, ``hearing``, ``decision``,
``service``, ``measures``, ``execution``) move the clock forward and call the
``add_*`` methods, so the materials come out numbered in stage order and,
within a stage, in time order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from demo import media
from demo.agencies import LEGAL, NATURAL, Agency, Officer
from demo.offences import Violation
from demo.wording import cn_date, iso

CHINA = timezone(timedelta(hours=8))
WEEKEND = 5


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    birth: date
    id_number: str
    phone: str
    address: str
    position: str = ""

    def describe(self, on: date) -> str:
        age = (
            on.year
            - self.birth.year
            - ((on.month, on.day) < (self.birth.month, self.birth.day))
        )
        sex = "男" if self.male else "女"
        return f"{self.name}，{sex}，{age}岁，身份证号码：{self.id_number}"


@dataclass(frozen=True)
class Party:
    type: str
    name: str
    id_number: str
    address: str
    contact: Person

    @property
    def you(self) -> str:
        return "你" if self.type == NATURAL else "你单位"

    @property
    def head_title(self) -> str:
        return "法定代表人" if self.type == LEGAL else "负责人"

    @property
    def id_label(self) -> str:
        return "身份证号码" if self.type == NATURAL else "统一社会信用代码"

    def as_json(self) -> dict[str, str]:
        return {
            "type": self.type,
            "name": self.name,
            "id_number": self.id_number,
            "address": self.address,
        }


@dataclass(frozen=True)
class Recording:
    """When, why and in which stage an audio/video record was made."""

    stage: str
    doc_type: str
    activity: str
    start: datetime
    end: datetime
    proves: str
    interruptions: tuple[dict[str, str], ...] = ()

    @classmethod
    def snapshot(
        cls, stage: str, doc_type: str, activity: str, at: datetime, proves: str
    ) -> Recording:
        """A photo: one minute from the first to the last frame of the set."""
        return cls(stage, doc_type, activity, at, at + timedelta(minutes=1), proves)


@dataclass
class Story:
    """Everything known about one case while it is being written."""

    rng: random.Random
    agency: Agency
    category: str
    procedure: str
    initiation: str
    party: Party
    officers: tuple[Officer, Officer]
    clock: datetime
    violation: Violation | None = None
    fine: int = 0
    case_number: str = ""
    title: str = ""
    service_method: str = "direct"
    major: bool = False
    hearing: bool = False
    legal_basis: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    sensitivity: set[str] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)
    materials: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    serials: dict[str, int] = field(default_factory=dict)

    # --- time ---------------------------------------------------------------

    def advance(
        self, low: int, high: int, *, hour: tuple[int, int] = (8, 16)
    ) -> datetime:
        """Move to a working day ``low``–``high`` days on, at a working hour."""
        day = self.working_day(self.rng.randint(low, high))
        moment = time(self.rng.randint(*hour), self.rng.choice((0, 10, 20, 30, 40, 50)))
        self.clock = max(self.clock, datetime.combine(day, moment, tzinfo=CHINA))
        return self.clock

    def working_day(self, days: int) -> date:
        """The first Monday-to-Friday date at least ``days`` after the clock."""
        day = self.clock.date() + timedelta(days=days)
        while day.weekday() >= WEEKEND:
            day += timedelta(days=1)
        return day

    def later(self, minutes: int) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    # --- names and numbers --------------------------------------------------

    def doc_number(self, kind: str) -> str:
        """Next 文号 of ``kind`` for the agency, e.g. ``珠应急罚决〔2025〕17号``."""
        serial = self.serials.get(kind) or self._first_serial()
        self.serials[kind] = serial + 1
        return f"{self.agency.short}{kind}〔{self.clock.year}〕{serial}号"

    def _first_serial(self) -> int:
        # Numbers of the case's own year track its 案号; later years restart low.
        if self.clock.year == self.facts.get("year"):
            return max(1, self.facts["serial"] - self.rng.randint(0, 3))
        return self.rng.randint(1, 40)

    @property
    def officer_names(self) -> str:
        return "、".join(o.name for o in self.officers)

    @property
    def officer_lines(self) -> str:
        return "、".join(
            f"{o.name}（执法证号：{o.certificate}）" for o in self.officers
        )

    def seed(self) -> int:
        return self.rng.getrandbits(31)

    # --- materials ------------------------------------------------------------

    def add(
        self, stage: str, doc_type: str, form: str, ext: str, data: bytes, **fields: Any
    ) -> dict[str, Any]:
        """Record one material and its bytes; extra ``fields`` are kept as given."""
        path = f"materials/{stage}/{len(self.materials) + 1:02d}-{doc_type}.{ext}"
        entry = {
            "path": path,
            "stage": stage,
            "form": form,
            "doc_type": doc_type,
            "doc_number": fields.pop("doc_number", ""),
            "author": fields.pop("author", self.agency.name),
            "title": fields.pop("title", f"{self.party.name}{doc_type}"),
            "date": fields.pop("on", self.clock).date().isoformat(),
        }
        entry.update({k: v for k, v in fields.items() if v is not None})
        self.materials.append(entry)
        self.files[path] = data
        return entry

    def add_text(
        self,
        stage: str,
        doc_type: str,
        paragraphs: Sequence[str],
        *,
        signatures: Sequence[str] = (),
        sealed: bool = True,
        pages: int = 1,
        heading: str | None = None,
        at: datetime | None = None,
        seal: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Render a 文书 dated ``at`` (default: the clock) as PDF and record it.

        The seal shows ``seal`` or else the heading (the agency); an unsealed
        文书 carries signatures only.
        """
        moment = at or self.clock
        heading = self.agency.name if heading is None else heading
        pdf = media.pdf_document(
            title=doc_type,
            heading_lines=[heading] if heading else [],
            paragraphs=paragraphs,
            pages=pages,
            doc_number=fields.get("doc_number", ""),
            signature_lines=signatures,
            date_text=cn_date(moment) if sealed else "",
            seal=(seal or heading) if sealed else "",
            issued_at=moment,
        )
        return self.add(stage, doc_type, "text", "pdf", pdf, on=moment, **fields)

    def party_fields(self) -> list[str]:
        """The 当事人 block every 文书 starts with."""
        party, contact = self.party, self.party.contact
        if party.type == NATURAL:
            return [
                f"当事人：{contact.describe(self.clock.date())}",
                f"住址：{party.address}",
                f"联系电话：{contact.phone}",
            ]
        return [
            f"当事人：{party.name}",
            f"{party.id_label}：{party.id_number}",
            f"地址：{party.address}",
            f"{party.head_title}：{contact.name}　联系电话：{contact.phone}",
        ]

    def av_meta(
        self, rec: Recording, officer: Officer, method: str, *, continuous: bool
    ) -> dict[str, Any]:
        """Describe a recording; it is stored within 24 h of its end (001 §23)."""
        meta: dict[str, Any] = {
            "recorded_from": iso(rec.start),
            "recorded_to": iso(rec.end),
            "stored_at": iso(self._upload_time(rec.end)),
            "device": officer.device,
            "made_by": officer.name,
            "method": method,
            "proves": rec.proves,
            "continuous": continuous,
            "interruptions": list(rec.interruptions),
        }
        if self.facts.get("remote"):
            returned = rec.end + timedelta(minutes=self.rng.randint(90, 300))
            meta["returned_at"] = iso(returned)
            meta["stored_at"] = iso(self._upload_time(returned))
        return meta

    def _upload_time(self, end: datetime) -> datetime:
        """Upload soon after work, or first thing next morning (within 24 h)."""
        stored = end + timedelta(minutes=self.rng.randint(30, 300))
        if stored.hour >= 20 or stored.date() > end.date():
            next_day = end.date() + timedelta(days=1)
            morning = time(8, self.rng.randint(10, 55))
            stored = min(
                datetime.combine(next_day, morning, tzinfo=CHINA),
                end + timedelta(hours=23, minutes=50),
            )
        return stored

    def _add_recording(
        self, rec: Recording, form: str, ext: str, data: bytes, meta: dict[str, Any]
    ) -> dict[str, Any]:
        title = f"{rec.doc_type}（{cn_date(rec.start)}）"
        return self.add(
            rec.stage,
            rec.doc_type,
            form,
            ext,
            data,
            on=rec.start,
            activity=rec.activity,
            title=title,
            av=meta,
        )

    def add_photo(self, rec: Recording, *, scene: str, caption: str) -> dict[str, Any]:
        """A body-camera photo; any officer of the two may have taken it."""
        officer = self.rng.choice(self.officers)
        data = media.photo_jpeg(
            caption=caption,
            taken_at=rec.start,
            device=officer.device,
            scene=scene,
            seed=self.seed(),
        )
        meta = self.av_meta(rec, officer, "执法记录仪拍照", continuous=False)
        return self._add_recording(rec, "photo", "jpg", data, meta)

    def add_video(self, rec: Recording, *, scene: str) -> dict[str, Any]:
        """A body-camera video lasting exactly the recorded span."""
        officer = self.officers[0]
        data = media.video_mp4(
            seconds=(rec.end - rec.start).total_seconds(),
            caption=rec.doc_type,
            started_at=rec.start,
            device=officer.device,
            scene=scene,
            seed=self.seed(),
        )
        continuous = not rec.interruptions
        meta = self.av_meta(rec, officer, "执法记录仪录像", continuous=continuous)
        return self._add_recording(rec, "video", "mp4", data, meta)

    def add_audio(self, rec: Recording) -> dict[str, Any]:
        """A voice-recorder clip of an interview (a short excerpt of babble)."""
        officer = self.officers[1]
        data = media.audio_m4a(seconds=self.rng.uniform(2, 4), seed=self.seed())
        meta = self.av_meta(rec, officer, "录音笔录音", continuous=True)
        meta["device"] = officer.device.replace("ZFJLY", "LYB")
        return self._add_recording(rec, "audio", "m4a", data, meta)
