"""The case page: what it shows, that it offers exactly what `may()` allows, audit, and query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Finding, InformationRequest, Recommendation, Status
from complaints.workflow import Action
from opcc.audit.models import AccessEvent
from opcc.audit.models import Action as AuditAction

pytestmark = pytest.mark.django_db
S = Status
ACTION = re.compile(r'data-review-step="([a-z_]+)"')


def page(client, review):
    response = client.get(reverse("complaints:review", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def offered(html: str) -> set[str]:
    return set(ACTION.findall(html))


def expected(user, review) -> set[str]:
    """What may() allows; a row step shows only when a row still needs it."""
    allowed = {action for action in Action if services.may(user, action, review)}
    if not review.information_requests.filter(received_on__isnull=True).exists():
        allowed -= {Action.CHASE_INFORMATION, Action.RECEIVE_INFORMATION}
    if not review.recommendations.filter(sent_on__isnull=False, response_received_on__isnull=True).exists():
        allowed -= {Action.RECORD_RESPONSE}
    return {str(action) for action in allowed}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("who", ["staff", "manager", "other_manager", "administrator"])
def test_the_page_offers_exactly_what_may_allows(client, review_in, review_users, status, who):
    review = review_in(status)
    user = getattr(review_users, who)
    client.force_login(user)
    assert offered(page(client, review)) == expected(user, review)


def test_a_declared_conflict_takes_decide_off_the_page(client, review_in, review_users):
    review = review_in(S.UNDER_REVIEW)
    services.finding_record(
        review=review,
        by=review_users.manager,
        allegation="A",
        outcome=Finding.Outcome.REASONABLE,
        reasons="R",
    )
    client.force_login(review_users.manager)
    assert {"decide", "record_finding"} <= offered(page(client, review))
    services.conflict_declare(review=review, by=review_users.manager, note="Neighbour")
    html = page(client, review)
    assert not {"decide", "record_finding"} & offered(html)
    assert "Neighbour" in html


def test_staff_are_not_offered_a_managers_steps(client, review_in, review_users):
    client.force_login(review_users.staff)
    shown = offered(page(client, review_in(S.ACKNOWLEDGED)))
    assert "acknowledge" not in shown and {"check_body", "withdraw", "edit"} <= shown
    assert not {"mark_invalid", "mark_out_of_time", "extend", "decide", "close"} & shown


def test_one_click_steps_post_with_csrf_and_the_rest_are_links(client, review_in, review_users):
    client.force_login(review_users.manager)
    html = page(client, review_in(S.RECEIVED))
    form = re.search(
        r'<form method="post" action="([^"]+/acknowledge/)"[^>]*>\s*<input[^>]+csrfmiddlewaretoken', html
    )
    assert form is not None
    assert re.search(r'<a href="[^"]+/body-check/" data-review-step="check_body"', html)


def test_the_page_shows_the_case(client, review_in, review_users):
    review = review_in(S.RECOMMENDATIONS_OUTSTANDING, reasonable_adjustments="Large print")
    client.force_login(review_users.staff)
    html = page(client, review)
    window = review.window_ends_on
    for text in (
        review.reference,
        "Recommendations outstanding",
        "Jordan Example",
        "Large print",
        f"{window.day} {window:%B %Y}",
        "In time",
        "(a) About the conduct of a senior officer",
        "Robin Hughes",
        "The investigation report",
        "Officer was rude",
        "Handling not reasonable and proportionate",
        "Upheld",
        "Apologise in writing",
        "Awaiting the force&#x27;s response",
        'id="history"',
        "Decided: Upheld",
    ):
        assert text in html, text


def test_the_clock_shows_on_an_open_case(client, review_in, review_users):
    review = review_in(S.RECEIVED)
    client.force_login(review_users.staff)
    html = page(client, review)
    assert 'id="review-clock"' in html and "Acknowledge:" in html and "working day" in html
    assert 'id="review-clock"' not in page(client, review_in(S.CLOSED))


def test_a_late_application_with_an_extension_says_why(client, builder, review_users):
    review = builder.create(review_info_given_on=timezone.localdate() - dt.timedelta(days=40))
    services.review_extend(review=review, by=review_users.manager, reason="In hospital for a month")
    client.force_login(review_users.staff)
    assert "Late, extended: In hospital for a month (Robin Hughes" in page(client, review)


def test_viewing_the_case_is_audited(client, review_in, review_users):
    review = review_in(S.UNDER_REVIEW)
    client.force_login(review_users.staff)
    page(client, review)
    event = AccessEvent.objects.get(action=AuditAction.RECORD_VIEWED)
    assert event.object_id == str(review.pk) and event.user == review_users.staff


@pytest.mark.parametrize("who", ["grants_manager", "coordinator", "reports"])
def test_other_roles_get_403(client, review_in, review_users, who):
    client.force_login(getattr(review_users, who))
    response = client.get(reverse("complaints:review", args=[review_in(S.DECIDED).pk]))
    assert response.status_code == 403


def _grow(review, n: int) -> None:
    """n more findings, sent recommendations and outstanding information requests on one case."""
    Finding.objects.bulk_create(
        Finding(review=review, allegation=f"Allegation {i}", outcome="reasonable", reasons="R")
        for i in range(n)
    )
    Recommendation.objects.bulk_create(
        Recommendation(review=review, text=f"Recommendation {i}", sent_on=review.decided_on) for i in range(n)
    )
    InformationRequest.objects.bulk_create(
        InformationRequest(
            review=review,
            what=f"Request {i}",
            requested_on=review.received_on,
            requested_by=review.entered_by,
        )
        for i in range(n)
    )


def _queries(client, review) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, review)
    return len(captured)


def test_queries_do_not_grow_with_findings_recommendations_and_requests(client, review_in, review_users):
    small, large = review_in(S.RECOMMENDATIONS_OUTSTANDING), review_in(S.RECOMMENDATIONS_OUTSTANDING)
    _grow(large, 9)
    client.force_login(review_users.staff)
    page(client, small)  # warm the session and permission caches alike
    one, ten = _queries(client, small), _queries(client, large)
    assert large.findings.count() == 10 and large.recommendations.count() == 10
    assert ten == one, f"{one} queries with 1 of each, {ten} with 10"
