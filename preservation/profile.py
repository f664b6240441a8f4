"""The submission profile, published as a JSON Schema and a BagIt Profile.

Both documents are built from the code lists in `dossiers.codes`, so what the
archive publishes, validates and labels can never disagree. The site serves them
at stable URLs (see `preservation.urls`) for producers to validate against.

Every published version stays accepted: 1.1 is 1.0 plus optional fields, built
from it, so a 1.0 document is served (and validated) exactly as before.
`CHANGELOG` says what each version changed.
"""

from functools import cache
from typing import Any

from dossiers import codes

PROFILE_NAME = "enforcement-case-sip"
CASE_JSON = "data/case.json"  # the case metadata every package carries
VERSIONS = ("1.0", "1.1")
CURRENT_VERSION = VERSIONS[-1]
PROFILE_ID = f"{PROFILE_NAME}/1.0"
PROFILE_IDS = {f"{PROFILE_NAME}/{version}": version for version in VERSIONS}
PROFILE_URL = f"/profiles/{PROFILE_NAME}"
SCHEMA_PATH = f"{PROFILE_URL}/1.0/case.schema.json"
BAGIT_PROFILE_PATH = f"{PROFILE_URL}/1.0/bagit-profile.json"
CHANGELOG_PATH = f"{PROFILE_URL}/changelog"

# What each version changed, newest last; served at CHANGELOG_PATH.
CHANGELOG = (
    {
        "version": "1.0",
        "date": "2025-03-01",
        "changes": ["首个版本：BagIt 包 + data/case.json（案件及每个材料文件）。"],
    },
    {
        "version": "1.1",
        "date": "2026-12-04",
        "changes": [
            "兼容 1.0：新增字段均为可选，1.0 的包照常接收。",
            "case.department：承办科室，用于匹配审批查阅的科室负责人。",
            "case.transferred_on：移交日期；有此日期时，归档及时性从它起算。",
            "case.back_capture：历史补录（本馆建立前的积存案件），"
            "归档逾期只作提示，不作警告。",
            "case.source_system：生成提交包的业务系统名称及版本。",
            "materials[].av.location：取证地点（001 第二十四条）。",
            "materials[].sensitivity：材料级敏感信息；声明国家秘密的包一律拒收。",
        ],
    },
)
ACCEPTED_BAGIT_VERSIONS = ("0.97", "1.0")
ALLOWED_MANIFEST_ALGORITHMS = ("sha256", "sha512")
REFUSED_MANIFEST_ALGORITHMS = ("md5", "sha1")
REQUIRED_BAG_INFO = (
    "Source-Organization",
    "External-Identifier",
    "Bagging-Date",
    "Payload-Oxum",
)

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_DATETIME = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$",
}
_TEXT = {"type": "string"}
_NONEMPTY = {"type": "string", "minLength": 1}


def _short(max_length: int, *, required: bool = False) -> dict[str, Any]:
    """A string that fits its database column (the model field's max_length)."""
    return (_NONEMPTY if required else _TEXT) | {"maxLength": max_length}


def _enum(choices) -> dict[str, Any]:
    return {"type": "string", "enum": list(choices.values)}


def _object(properties: dict, required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _agency_schema() -> dict[str, Any]:
    return _object(
        {
            "name": _short(200, required=True),
            "code": {"type": "string", "pattern": r"^[0-9A-Z]{18}$"},
            "fonds": _short(20, required=True),
        },
        ["name", "code", "fonds"],
    )


def _party_schema() -> dict[str, Any]:
    return _object(
        {
            "type": _enum(codes.PartyType),
            "name": _short(200, required=True),
            "id_number": _short(40),
            "address": _short(300),
        },
        ["type", "name"],
    )


def _officer_schema() -> dict[str, Any]:
    return _object(
        {"name": _short(50, required=True), "certificate": _short(40, required=True)},
        ["name", "certificate"],
    )


def _case_schema() -> dict[str, Any]:
    return _object(
        {
            "case_number": _short(100, required=True),
            "title": _short(500, required=True),
            "agency": _agency_schema(),
            "category": _enum(codes.Category),
            "procedure": _enum(codes.Procedure),
            "initiation": _enum(codes.Initiation),
            "opened_on": _DATE,
            "closed_on": _DATE,
            "parties": {"type": "array", "items": _party_schema()},
            "officers": {"type": "array", "items": _officer_schema(), "minItems": 1},
            "summary": _TEXT,
            "legal_basis": {"type": "array", "items": _NONEMPTY},
            "major_case": {"type": "boolean"},
            "hearing_held": {"type": "boolean"},
            "long_term_triggers": {
                "type": "array",
                "items": _enum(codes.LongTermTrigger),
            },
            "sensitivity": {"type": "array", "items": _enum(codes.Sensitivity)},
        },
        [
            "case_number",
            "title",
            "agency",
            "category",
            "procedure",
            "initiation",
            "closed_on",
            "parties",
            "officers",
        ],
    )


def _av_schema() -> dict[str, Any]:
    interruption = _object(
        {"at": _DATETIME, "resumed_at": _DATETIME, "reason": _TEXT}, ["at"]
    )
    return _object(
        {
            "recorded_from": _DATETIME,
            "recorded_to": _DATETIME,
            "stored_at": _DATETIME,
            "device": _TEXT,
            "made_by": _TEXT,
            "method": _TEXT,
            "proves": _TEXT,
            "continuous": {"type": "boolean"},
            "interruptions": {"type": "array", "items": interruption},
            "returned_at": _DATETIME,
        },
        ["recorded_from", "recorded_to", "stored_at", "made_by", "method", "proves"],
    )


def _service_schema() -> dict[str, Any]:
    return _object(
        {
            "method": _enum(codes.ServiceMethod),
            "served_on": _DATE,
            "server": _TEXT,
            "recipient": _TEXT,
            "witness": _TEXT,
            "reason": _TEXT,
            "receipt_path": _TEXT,
        },
        ["method", "served_on"],
    )


def _material_schema() -> dict[str, Any]:
    schema = _object(
        {
            "path": _short(995, required=True),  # stored as "data/" + path
            "stage": _enum(codes.Stage),
            "form": _enum(codes.Form),
            "doc_type": _short(100, required=True),
            "doc_number": _short(100),
            "author": _short(200),
            "title": _short(500, required=True),
            "date": _DATE,
            "activity": _enum(codes.Activity),
            "av": _av_schema(),
            "service": _service_schema(),
            "signature_refused": {"type": "boolean"},
            "witness": _short(100),
        },
        ["path", "stage", "form", "doc_type", "title", "date"],
    )
    av_forms = [codes.Form.PHOTO, codes.Form.AUDIO, codes.Form.VIDEO]
    schema["allOf"] = [
        {
            "if": {"properties": {"form": {"enum": [str(f) for f in av_forms]}}},
            "then": {"required": ["av"]},
        }
    ]
    return schema


# Fields added after 1.0 → the version that added them (for refusal messages).
FIELDS_ADDED = {
    "case.department": "1.1",
    "case.transferred_on": "1.1",
    "case.back_capture": "1.1",
    "case.source_system": "1.1",
    "materials.*.av.location": "1.1",
    "materials.*.sensitivity": "1.1",
}


def schema_path(version: str) -> str:
    return f"{PROFILE_URL}/{version}/case.schema.json"


def bagit_profile_path(version: str) -> str:
    return f"{PROFILE_URL}/{version}/bagit-profile.json"


def _add_1_1_fields(case: dict[str, Any], material: dict[str, Any]) -> None:
    """Profile 1.1: optional fields only, so every 1.0 document stays valid."""
    case["properties"] |= {
        "department": _short(100),
        "transferred_on": _DATE,
        "back_capture": {"type": "boolean"},
        "source_system": _short(200, required=True),
    }
    material["properties"]["av"]["properties"]["location"] = _TEXT
    material["properties"]["sensitivity"] = {
        "type": "array",
        "items": _enum(codes.Sensitivity),
    }


@cache
def case_json_schema(version: str = "1.0") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `data/case.json` in a profile version."""
    case, material = _case_schema(), _material_schema()
    if version == "1.1":
        _add_1_1_fields(case, material)
    elif version != "1.0":
        raise ValueError(f"unknown profile version {version!r}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_path(version),
        "title": "行政执法案件提交包 case.json",
        "type": "object",
        "properties": {
            "profile": {"const": f"{PROFILE_NAME}/{version}"},
            "case": case,
            "materials": {"type": "array", "items": material},
        },
        "required": ["profile", "case", "materials"],
        "additionalProperties": False,
    }


@cache
def bagit_profile(version: str = "1.0") -> dict[str, Any]:
    """The BagIt Profile (bagit-profiles specification 1.4.0) of the package."""
    if version not in VERSIONS:
        raise ValueError(f"unknown profile version {version!r}")
    return {
        "BagIt-Profile-Info": {
            "BagIt-Profile-Identifier": bagit_profile_path(version),
            "BagIt-Profile-Version": "1.0",
            "Source-Organization": "行政执法档案馆",
            "External-Description": (
                "一个已结案的行政执法案件的提交信息包（SIP）：BagIt 包，"
                "data/case.json 描述案件及其每个材料文件。"
            ),
            "Version": version,
        },
        "Bag-Info": {tag: {"required": True} for tag in REQUIRED_BAG_INFO}
        | {"BagIt-Profile-Identifier": {"required": False}},
        "Manifests-Required": [],
        "Manifests-Allowed": list(ALLOWED_MANIFEST_ALGORITHMS),
        "Tag-Manifests-Allowed": list(ALLOWED_MANIFEST_ALGORITHMS),
        "Tag-Files-Required": [],
        "Payload-Files-Required": [CASE_JSON],
        "Allow-Fetch.txt": False,
        "Serialization": "optional",
        "Accept-Serialization": [
            "application/zip",
            "application/x-tar",
            "application/gzip",
        ],
        "Accept-BagIt-Version": list(ACCEPTED_BAGIT_VERSIONS),
    }
