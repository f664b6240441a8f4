"""Reading `data/case.json` and checking it against the profile and the payload.

Given a structurally valid bag, this module decides whether its metadata is
acceptable: the JSON Schema of the profile version it declares (1.0 or 1.1), the
refusals the profile names (state secrets, of the case or of a material; an open
case; a 移交日期 before the closing or in the future), and the one-to-one match
between `materials[]` and payload files.
It does not look inside the files; identification and the four-property check
do that.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils import timezone

from dossiers.codes import Sensitivity
from preservation.problems import PackageRefused, Problem
from preservation.profile import CASE_JSON
from preservation.services.bag_validate.json_lines import field_line
from preservation.services.ingest.bags import (
    BagContents,
    checksum_problem,
    checksum_problem_placed,
)
from preservation.services.ingest.case_schema import check_schema


@dataclass
class Submission:
    bag: BagContents
    document: dict[str, Any]

    @property
    def case(self) -> dict[str, Any]:
        return self.document["case"]

    @property
    def materials(self) -> list[dict[str, Any]]:
        return self.document["materials"]

    @property
    def case_number(self) -> str:
        return self.case["case_number"]

    def payload_path(self, entry: dict[str, Any]) -> str:
        """The bag-relative path ("data/...") of a material entry."""
        return _nfc(f"data/{entry['path']}")


def submission_read(bag: BagContents) -> Submission:
    """Load and check `data/case.json` of a structurally valid bag.

    Raises:
        PackageRefused: with every problem found.
    """
    checked = submission_check(bag)
    if checked.problems or checked.submission is None:
        raise PackageRefused(checked.problems)
    return checked.submission


@dataclass
class SubmissionCheck:
    """`case.json` as far as it could be read, and every problem found in it."""

    document: dict[str, Any] | None
    submission: Submission | None
    problems: list[Problem]


def submission_check(bag: BagContents) -> SubmissionCheck:
    """Check `data/case.json` and report all its problems at once, each on its
    line where there is one (`problems_placed`).

    The checks that need a document valid by the schema (refusals, the match of
    materials and payload) run only when it is; `bag_validate` uses `document`
    for the four-property check even when it is not.
    """
    checked = _submission_check(bag)
    checked.problems = problems_placed(checked.problems, bag)
    return checked


def problems_placed(problems: list[Problem], bag: BagContents) -> list[Problem]:
    """The problems with the line `bag_validate` gives them: a case.json
    field's line in case.json, a checksum's line in its manifest."""
    text = None
    if any(p.path == CASE_JSON and p.field for p in problems):
        text = _case_json_text(bag)
    return [_placed(p, text, bag) for p in problems]


def _placed(problem: Problem, case_json: str | None, bag: BagContents) -> Problem:
    if case_json is not None and problem.path == CASE_JSON and problem.field:
        return replace(problem, line=field_line(case_json, problem.field))
    return checksum_problem_placed(problem, bag)


def _case_json_text(bag: BagContents) -> str | None:
    try:
        return bag.file(CASE_JSON).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the schema check says why it cannot be read


def _submission_check(bag: BagContents) -> SubmissionCheck:
    try:
        document = _load_case_json(bag)
    except PackageRefused as refusal:
        return SubmissionCheck(None, None, refusal.problems)
    problems = _problems(_check_closed, document)
    # An open case is said once, as case_not_closed, not again by the schema.
    problems += [
        p
        for p in _problems(check_schema, document)
        if not (problems and p.field == "case.closed_on")
    ]
    if problems:
        return SubmissionCheck(document, None, problems)
    submission = Submission(bag=bag, document=document)
    for step in (_check_state_secret, _check_external_identifier):
        problems += _problems(step, submission)
    problems += _problems(_check_transferred_on, submission.case)
    problems += _problems(_check_materials_match_payload, submission)
    return SubmissionCheck(document, submission, problems)


def _problems(step, *args) -> list[Problem]:
    try:
        step(*args)
    except PackageRefused as refusal:
        return refusal.problems
    return []


def _load_case_json(bag: BagContents) -> dict[str, Any]:
    path = bag.file(CASE_JSON)
    if CASE_JSON not in bag.payload or not path.is_file():
        raise PackageRefused(
            [
                Problem(
                    "case_json_missing",
                    "缺少案件元数据文件 data/case.json。",
                    CASE_JSON,
                )
            ]
        )
    raw = path.read_bytes()
    _verify_small_file(CASE_JSON, raw, bag.payload[CASE_JSON])
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageRefused(
            [
                Problem(
                    "case_json_invalid",
                    f"case.json 不是有效的 UTF-8 JSON：{exc}。",
                    CASE_JSON,
                )
            ]
        ) from exc
    if not isinstance(document, dict):
        raise PackageRefused(
            [Problem("case_json_invalid", "case.json 顶层必须是对象。", CASE_JSON)]
        )
    return document


def _verify_small_file(rel: str, raw: bytes, digests: dict[str, str]) -> None:
    import hashlib

    for algorithm, expected in digests.items():
        found = hashlib.new(algorithm, raw).hexdigest()
        if found != expected:
            raise PackageRefused([checksum_problem(rel, algorithm, expected, found)])


def _check_closed(document: dict[str, Any]) -> None:
    case = document.get("case")
    if isinstance(case, dict) and not case.get("closed_on"):
        raise PackageRefused(
            [
                Problem(
                    "case_not_closed",
                    "案件没有结案日期：只有已结案的案件才能归档。",
                    CASE_JSON,
                    "case.closed_on",
                )
            ]
        )


def _check_external_identifier(submission: Submission) -> None:
    identifier = submission.bag.info.get("External-Identifier", "")
    if identifier.strip() != submission.case_number:
        raise PackageRefused(
            [
                Problem(
                    "external_identifier_mismatch",
                    f"bag-info.txt 的 External-Identifier（{identifier}）"
                    f"与 case.json 的案号（{submission.case_number}）不一致。",
                    "bag-info.txt",
                    "External-Identifier",
                )
            ]
        )


def _check_state_secret(submission: Submission) -> None:
    """A state secret declared by the case or by any material refuses the package."""
    declared = [("案件", "case.sensitivity", submission.case)] + [
        (f"材料 {entry['path']}", f"materials.{i}.sensitivity", entry)
        for i, entry in enumerate(submission.materials)
    ]
    problems = [
        Problem(
            "state_secret",
            f"{who}声明含国家秘密：涉密档案不得进入本系统，须按保密规定移交。",
            CASE_JSON,
            field,
        )
        for who, field, item in declared
        if Sensitivity.STATE_SECRET in item.get("sensitivity", [])
    ]
    if problems:
        raise PackageRefused(problems)


def _check_transferred_on(case: dict[str, Any]) -> None:
    """The 移交日期 (profile 1.1) lies between the closing and today."""
    if not case.get("transferred_on"):
        return
    transferred = dt.date.fromisoformat(case["transferred_on"])
    closed = dt.date.fromisoformat(case["closed_on"])
    today = timezone.localdate()
    if closed <= transferred <= today:
        return
    why = f"早于结案日期 {closed}" if transferred < closed else f"晚于今天 {today}"
    raise PackageRefused(
        [
            Problem(
                "transferred_on_invalid",
                f"移交日期 {transferred} {why}。",
                CASE_JSON,
                "case.transferred_on",
            )
        ]
    )


def _check_materials_match_payload(submission: Submission) -> None:
    payload = {_nfc(p) for p in submission.bag.payload} - {CASE_JSON}
    problems: list[Problem] = []
    declared: set[str] = set()
    for index, entry in enumerate(submission.materials):
        rel = submission.payload_path(entry)
        field = f"materials.{index}.path"
        if _unsafe(entry["path"]):
            problems.append(
                Problem(
                    "path_escapes_payload", "材料路径试图越出 data/ 目录。", rel, field
                )
            )
        elif rel in declared:
            problems.append(
                Problem("material_duplicate", "同一文件被登记了两次。", rel, field)
            )
        elif rel not in payload:
            problems.append(
                Problem("material_file_missing", "材料登记的文件不在包中。", rel, field)
            )
        declared.add(rel)
    problems += [
        Problem("material_not_declared", "包中的文件没有对应的材料登记。", rel)
        for rel in sorted(payload - declared)
    ]
    if problems:
        raise PackageRefused(problems)


def _unsafe(path: str) -> bool:
    pure = PurePosixPath(path)
    return path.startswith(("/", "\\")) or ".." in pure.parts or "\\" in path


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def original_name(rel: str) -> str:
    """The NFC-normalised file name of a payload path."""
    return _nfc(Path(rel).name)
