"""The API on a real server and worker: racing uploads, a killed worker.

Each test runs `runserver` and `db_worker` as processes of their own on a
SQLite file (the database task backend, as `make run` starts them) and talks
to them over HTTP.
"""

import json
import random
import signal
import threading
import time

import bagit
import pytest
import requests

from tests.archive_site.api import live
from tests.archive_site.api.test_api import CASE_NUMBER
from tests.conftest import MAJOR, SAMPLE_AGENCIES
from tests.preservation.builders import zip_bag

UPLOADS = 3
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return live.migrated_database(tmp_path_factory.mktemp("live"), SAMPLE_AGENCIES)


@pytest.fixture
def env(tmp_path, template_db):
    live.database_copy(template_db, tmp_path)
    return live.live_env(tmp_path, PRODUCER_API_STALE_SECONDS="2")


@pytest.fixture
def server(env):
    process, base = live.server_start(env)
    yield base
    live.stop(process)


@pytest.fixture
def secret(env):
    code = SAMPLE_AGENCIES[0]["code"]
    return live.manage(env, "producer_token", code).stdout.strip()


def _case(base: str, secret: str) -> requests.Response:
    return requests.get(
        f"{base}/api/v1/cases/{CASE_NUMBER}",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=live.WAIT,
    )


def test_concurrent_uploads_of_one_package_make_one_case(
    env, server, secret, example_bag
):
    package = zip_bag(example_bag(MAJOR))
    start = threading.Barrier(UPLOADS)
    answers = []

    def send() -> None:
        start.wait(live.WAIT)
        answers.append(live.upload(server, secret, package))

    threads = [threading.Thread(target=send) for _ in range(UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(live.WAIT)
    worker = live.start(
        env, "db_worker", "--no-reload", "--batch", "--no-startup-delay"
    )
    worker.wait(live.WAIT)

    assert [a.status_code for a in answers] == [202] * UPLOADS
    ids = {a.json()["id"] for a in answers}
    assert len(ids) == 1
    assert live.sip_state(server, secret, ids.pop())["state"] == "accepted"
    assert _case(server, secret).status_code == 200


BIG_REL = "materials/investigation/99-执法记录仪录像.bin"


def _big_package(example_bag):
    """The sample package with a 96 MiB recording, so a kill finds it copying."""
    bag_dir = example_bag(MAJOR)
    rel = BIG_REL
    with (bag_dir / "data" / rel).open("wb") as f:
        block = random.Random(2025).randbytes(1024 * 1024)
        for _ in range(96):
            f.write(block)
    case_json = bag_dir / "data" / "case.json"
    document = json.loads(case_json.read_text())
    document["materials"].append(
        {
            "path": rel,
            "stage": "investigation",
            "form": "electronic_data",
            "doc_type": "执法记录仪原始数据",
            "title": "执法记录仪原始数据",
            "date": "2025-02-10",
        }
    )
    case_json.write_text(json.dumps(document, ensure_ascii=False))
    bagit.Bag(str(bag_dir)).save(manifests=True)
    return zip_bag(bag_dir)


def test_a_worker_killed_mid_ingest_then_the_next_attempt_completes(
    env, server, secret, example_bag, tmp_path
):
    package = _big_package(example_bag)
    sip_id = live.upload(server, secret, package).json()["id"]
    worker = live.start(
        env, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"
    )
    # An archive's members are written into staging as they are read (and
    # linked into storage from there): the recording is being copied once
    # it has bytes in the worker's staging folder.
    staging = tmp_path / "storage" / "staging"
    live.wait_for(
        lambda: any(
            p.stat().st_size > 0 for p in staging.glob("sip-*/*/data/" + BIG_REL)
        ),
        "the worker to copy the recording",
    )
    live.stop(worker, signal.SIGKILL)
    assert live.sip_state(server, secret, sip_id)["state"] == "running"
    assert _case(server, secret).status_code == 404

    # No progress for PRODUCER_API_STALE_SECONDS: the same upload starts it again.
    time.sleep(3)
    assert live.upload(server, secret, package).json()["id"] == sip_id
    assert live.sip_state(server, secret, sip_id)["state"] == "queued"
    worker = live.start(
        env, "db_worker", "--no-reload", "--batch", "--no-startup-delay"
    )
    worker.wait(live.WAIT)

    sip = live.sip_state(server, secret, sip_id)
    assert sip["state"] == "accepted", sip["report"]
    assert _case(server, secret).status_code == 200
