"""The storage janitor keeps the uploads a submission still waits for.

The clock is moved with time_machine; submissions are real rows and their
packages real files in staging/uploads/.
"""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from archive_site.api.models import ProducerToken, SipState, SipSubmission
from archive_site.api.runs import upload_path

pytestmark = pytest.mark.django_db
LATER = dt.timedelta(days=2)


def _submission(token: ProducerToken, state: str, n: int) -> SipSubmission:
    submission = SipSubmission.objects.create(
        agency=token.agency,
        token=token,
        package_name=f"包{n}.zip",
        digest=f"{n:064x}",
        size=7,
        state=state,
        progress={"at": timezone.now().isoformat()},
    )
    path = upload_path(submission)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"package")
    return submission


def _janitor() -> list[str]:
    out = io.StringIO()
    call_command("storage_janitor", "--json", stdout=out)
    return [r["path"] for r in json.loads(out.getvalue())["removed"]]


@pytest.fixture
def producer(archive_storage, token) -> ProducerToken:
    return ProducerToken.objects.get()


def test_a_queued_submissions_package_stays_however_old(producer):
    queued = _submission(producer, SipState.QUEUED, 1)

    with time_machine.travel(timezone.now() + LATER * 10):
        assert _janitor() == []
    assert upload_path(queued).exists()


@pytest.mark.parametrize(
    "state", [SipState.ACCEPTED, SipState.REFUSED, SipState.DUPLICATE]
)
def test_a_finished_submissions_package_goes_after_the_grace_period(producer, state):
    finished = _submission(producer, state, 2)

    assert _janitor() == []  # within the grace period
    with time_machine.travel(timezone.now() + LATER):
        assert _janitor() == [str(upload_path(finished))]
    assert not upload_path(finished).exists()


def test_a_running_package_stays_while_its_worker_lives(producer):
    alive = _submission(producer, SipState.RUNNING, 3)
    dead = _submission(producer, SipState.RUNNING, 4)

    with time_machine.travel(timezone.now() + LATER):
        SipSubmission.objects.filter(pk=alive.pk).update(
            progress={"at": timezone.now().isoformat()}  # its heartbeat
        )
        assert _janitor() == [str(upload_path(dead))]
    assert upload_path(alive).exists()
