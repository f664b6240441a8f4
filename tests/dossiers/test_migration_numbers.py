"""Migration 0009 on data written under the old rules (per-agency 归档号, a
second agency with the same 全宗号), in a child process on its own SQLite file."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATTERN = "{fonds}-{year}-{retention}-{number:04d}"
AGENCY = (
    "INSERT INTO dossiers_agency (id, name, code, fonds, created_at,"
    " archival_code_pattern, archiving_deadline_days, av_upload_deadline,"
    " ordering_template, sm3_manifests) VALUES (?, ?, ?, ?, '2026-01-01', ?, 20,"
    " '24h', 'chronological', 0)"
)
CASE = (
    "INSERT INTO dossiers_case (id, case_number, title, category, procedure,"
    " initiation, closed_on, summary, legal_basis, major_case, hearing_held,"
    " long_term_triggers, sensitivity, status, bag_info, package_fingerprint,"
    " ingested_at, agency_id) VALUES (?, ?, 't', 'administrative_penalty',"
    " 'ordinary', 'ex_officio', '2025-03-01', '', '[]', 0, 0, '[]', '{}',"
    " 'archived', '{}', '0', '2026-01-01', ?)"
)
DOSSIER = (
    "INSERT INTO dossiers_dossier (version, version_reason, state, archival_code,"
    " archive_number, title, period_end, retention, retention_reason, template,"
    " compiler, checker, remarks, created_at, override_reason, case_id) VALUES"
    " (1, '', ?, ?, '20250001', 't', '2025-03-01', '30y', '', 'chronological',"
    " '', '', '', '2026-01-01', '', ?)"
)


def _migrate(tmp_path: Path, *target: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
        "ARCHIVE_VAR_DIR": str(tmp_path / "var"),
        "ARCHIVE_STORAGE": str(tmp_path / "storage"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "dossiers", *target, "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _old_data(tmp_path: Path, fonds_b: str) -> sqlite3.Connection:
    assert _migrate(tmp_path, "0008").returncode == 0
    db = sqlite3.connect(tmp_path / "old.sqlite3")
    db.execute(AGENCY, (1, "甲局", "11000000MB0000001A", "J001", PATTERN))
    db.execute(AGENCY, (2, "乙局", "11000000MB0000002B", fonds_b, PATTERN))
    db.execute(CASE, (1, "甲罚〔2025〕1号", 1))
    db.execute(CASE, (2, "乙罚〔2025〕1号", 2))
    db.execute(DOSSIER, ("sealed", "J001-2025-D30-0001", 1))
    db.execute(DOSSIER, ("draft", f"{fonds_b}-2025-D30-0001", 2))
    db.commit()
    return db


def test_a_draft_sharing_an_archive_number_is_renumbered_the_sealed_one_kept(
    tmp_path,
):
    db = _old_data(tmp_path, "J002")
    result = _migrate(tmp_path)
    assert result.returncode == 0, result.stderr
    rows = db.execute("select case_id, archive_number from dossiers_dossier")
    assert dict(rows.fetchall()) == {1: "20250001", 2: "20250002"}
    events = db.execute("select case_id, event_detail from dossiers_caseevent")
    assert events.fetchall() == [(2, "归档号改为全库唯一：20250001 → 20250002。")]


def test_a_shared_fonds_stops_the_migration_naming_it(tmp_path):
    db = _old_data(tmp_path, "J001")
    result = _migrate(tmp_path)
    assert result.returncode != 0
    assert "全宗号重复：J001" in result.stderr and "agency_merge" in result.stderr
    assert "Traceback" not in result.stderr
    applied = db.execute(
        "select count(*) from django_migrations where app = 'dossiers'"
        " and name = '0009_unique_fonds_and_dossier_numbers'"
    )
    assert applied.fetchone() == (0,)
