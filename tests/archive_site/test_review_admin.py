"""案卷评查 in the admin: who may start, see and record, and that opening a
dossier's 评查表 passes the content gate and is logged like any read."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access_control.models import AccessAction, AccessLogEntry, Role
from dossiers.review.models import ReviewRound
from dossiers.review.services import review_round_sample
from tests.conftest import person_make
from tests.dossiers.review.world import sealed_dossier

pytestmark = pytest.mark.django_db
PERMS = ("view_reviewround", "add_reviewround", "change_reviewround")
ROUNDS = "/admin/archive/review/"


def _reviewer(username, agency, role):
    user = person_make(username, agency, role)
    codenames = (*PERMS, "change_dossierreview")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="dossier_review", codename__in=codenames
        )
    )
    return user


@pytest.fixture
def agency(sample_agencies):
    return sample_agencies[0]


@pytest.fixture
def review(agency):
    sealed_dossier(agency, "执法一科", defects=1)
    review_round, _ = review_round_sample(year=2025, percent=100, seed=1, agency=agency)
    return review_round.reviews.get()


def _checklist(review) -> str:
    return f"{ROUNDS}dossiers/{review.pk}/"


def test_a_supervisor_starts_a_round_and_downloads_its_report(client, agency):
    sealed_dossier(agency, "执法一科")
    client.force_login(_reviewer("jiandu", agency, Role.SUPERVISOR))

    response = client.post(
        ROUNDS, {"agency": agency.pk, "year": 2025, "percent": 10, "seed": 42}
    )

    started = ReviewRound.objects.get()
    assert response.status_code == 302 and started.seed == 42
    page = client.get(f"{ROUNDS}{started.pk}/").content.decode()
    assert started.number in page and "各科室得分与排名" in page
    pdf = client.get(f"{ROUNDS}{started.pk}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    xlsx = client.get(f"{ROUNDS}{started.pk}/?format=xlsx")
    assert xlsx["Content-Disposition"].startswith("attachment;")


def test_a_bad_percent_is_named_and_nothing_is_drawn(client, agency):
    client.force_login(_reviewer("jiandu", agency, Role.SUPERVISOR))

    response = client.post(
        ROUNDS, {"agency": agency.pk, "year": 2025, "percent": 0, "seed": 1}
    )

    assert response.status_code == 200
    assert "2025" in response.content.decode() and not ReviewRound.objects.exists()


def test_without_the_permission_nothing_is_shown(client, agency, review):
    client.force_login(person_make("zhifa", agency, Role.OFFICER))

    assert client.get(ROUNDS).status_code == 302
    assert client.get(f"{ROUNDS}{review.round.pk}/").status_code == 302
    assert client.post(
        ROUNDS, {"agency": agency.pk, "year": 2025, "percent": 10, "seed": 1}
    ).status_code in (302, 403)
    assert ReviewRound.objects.count() == 1


def test_another_agencys_reviewer_gets_not_found(client, sample_agencies, review):
    client.force_login(_reviewer("other", sample_agencies[1], Role.SUPERVISOR))

    assert client.get(f"{ROUNDS}{review.round.pk}/").status_code == 404
    assert client.get(_checklist(review)).status_code == 404
    assert review.round.number not in client.get(ROUNDS).content.decode()


def test_a_reviewer_without_a_grant_is_refused_the_checklist_and_logged(
    client, agency, review
):
    client.force_login(_reviewer("jiandu", agency, Role.SUPERVISOR))

    response = client.get(_checklist(review))

    # The gate's own refusal: 403 if they see the case in the catalogue, else 404.
    assert response.status_code in (403, 404)
    assert "av_missing" not in response.content.decode()
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.action == AccessAction.DENIED
    assert entry.case_number == review.dossier.case.case_number


def test_the_custodian_reads_with_a_reason_logged_first(client, agency, review):
    client.force_login(_reviewer("dangan", agency, Role.ARCHIVIST))
    assert client.get(_checklist(review)).status_code == 403  # asks for a 事由

    response = client.get(_checklist(review) + "?purpose=案卷评查")

    body = response.content.decode()
    assert response.status_code == 200 and "001 §16；000 §14" in body
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.reason) == (AccessAction.VIEW_CASE, "案卷评查")
    assert entry.data["review"] == review.round.number


def test_the_custodian_records_the_review_by_post(client, agency, review):
    client.force_login(_reviewer("dangan", agency, Role.ARCHIVIST))
    item = review.items.get()
    url = _checklist(review) + "?purpose=案卷评查"

    missing = client.post(url, {"confirmed": [item.pk], "description": "缺页"})
    assert "请填写该问题的扣分" in missing.content.decode()
    response = client.post(
        url,
        {
            "confirmed": [item.pk],
            "description": "卷内文件缺页",
            "article": "000 §33",
            "deduction": "4",
            "remarks": "需整改。",
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.score == 100 - 10 - 4 and review.remarks == "需整改。"
    assert client.get(f"{ROUNDS}{review.round.pk}/finish/").status_code == 405
    assert client.post(f"{ROUNDS}{review.round.pk}/finish/").status_code == 302
    assert ReviewRound.objects.get().get_state_display() == "已完成"


def test_the_round_page_does_not_query_per_dossier(client, agency):
    for defects in (0, 1, 2):
        sealed_dossier(agency, f"科{defects}", defects=defects)
    small, _ = review_round_sample(year=2025, percent=100, seed=1, agency=agency)
    for defects in (0, 1, 2, 1, 2, 0):
        sealed_dossier(agency, f"科{defects}", defects=defects)
    large, _ = review_round_sample(year=2025, percent=100, seed=1, agency=agency)
    client.force_login(_reviewer("jiandu", agency, Role.SUPERVISOR))
    client.get(f"{ROUNDS}{small.pk}/")  # warm the session and permission caches

    with CaptureQueriesContext(connection) as few:
        client.get(f"{ROUNDS}{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{ROUNDS}{large.pk}/").status_code == 200

    assert large.reviews.count() == 9 and small.reviews.count() == 3
    assert len(many) == len(few)
