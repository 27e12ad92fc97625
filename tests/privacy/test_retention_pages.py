"""The retention pages: the schedule, rule edits, legal holds, batches (approve, reject) and the log.

Who may open each page is in tests/core/test_route_matrix.py (Administrators only); here what the
pages do, their messages for bad input, and that a batch's page costs the same for 2 or 60 records.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from complaints.models import Review
from opcc.core import roles
from opcc.privacy import registry, retention
from opcc.privacy.models import BatchStatus, DisposalBatch, DisposalEntry, LegalHold, RetentionRule
from tests.complaints.factories import make_review

AS_OF = dt.date(2031, 6, 15)
OLD = dt.date(2024, 1, 10)


@pytest.fixture
def retention_client(client_as):
    return client_as(roles.ADMINISTRATOR)


def closed_review(closed_on: dt.date = OLD) -> Review:
    review = make_review()
    Review.objects.filter(pk=review.pk).update(status="closed", closed_on=closed_on)
    review.refresh_from_db()
    return review


def proposed_batch(count: int, admin) -> DisposalBatch:
    retention.rules_ensure()
    RetentionRule.objects.exclude(record_type="complaints.review").update(active=False)
    for _ in range(count):
        closed_review()
    batch = retention.batch_propose(by=admin, as_of=AS_OF)
    assert batch is not None
    return batch


@pytest.mark.django_db
def test_the_schedule_lists_every_record_type(retention_client):
    response = retention_client.get(reverse("privacy:retention"))
    assert response.status_code == 200
    page = response.content.decode()
    for record_type in registry.record_types():
        assert escape(record_type.label) in page
    assert "72 months after closure" in page and "Run the dry run now" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_other_roles_are_refused(client_as, role):
    assert client_as(role).get(reverse("privacy:retention")).status_code == 403


@pytest.mark.django_db
def test_rule_edit_offers_only_the_types_triggers_and_checks_the_period(retention_client):
    retention.rules_ensure()
    rule = RetentionRule.objects.get(record_type="volunteers.volunteer")
    url = reverse("privacy:retention_rule_edit", args=[rule.pk])
    page = retention_client.get(url).content.decode()
    assert 'value="leaving"' in page and 'value="closure"' not in page
    response = retention_client.post(url, {"months": "0", "trigger": "leaving", "active": "on"})
    assert "Enter a number of 1 or more" in response.content.decode()
    response = retention_client.post(url, {"months": "60", "trigger": "closure", "active": "on"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = retention_client.post(url, {"months": "84", "trigger": "leaving", "note": "Local decision"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.months, rule.active, rule.note) == (84, False, "Local decision")


@pytest.mark.django_db
def test_place_and_lift_a_hold_by_reference(retention_client):
    review = closed_review()
    url = reverse("privacy:retention_hold_add")
    data = {"source_key": "complaints.review", "reference": review.reference, "reason": "Civil claim"}
    response = retention_client.post(url, data)
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.object_id == review.pk and hold.placed_by == retention_client.user
    again = retention_client.post(url, data).content.decode()
    assert f"{review.reference} is already on legal hold" in again
    missing = retention_client.post(url, {**data, "reference": "CR-1999-9999"}).content.decode()
    assert "No complaint review has the reference or number CR-1999-9999" in missing
    bad_kind = retention_client.post(url, {**data, "source_key": "nobody.nothing"})
    assert bad_kind.status_code == 200 and "Select a valid choice" in bad_kind.content.decode()
    listing = retention_client.get(reverse("privacy:retention_holds")).content.decode()
    assert review.reference in listing and review.complainant_name not in listing
    lift = reverse("privacy:retention_hold_lift", args=[hold.pk])
    assert "Enter the reason" in retention_client.post(lift, {"reason": ""}).content.decode()
    assert retention_client.post(lift, {"reason": "Settled"}).status_code == 302
    hold.refresh_from_db()
    assert not hold.active
    assert retention_client.get(lift).status_code == 302  # already lifted: back to the list


@pytest.mark.django_db
def test_dry_run_button_and_batch_page(retention_client):
    retention.rules_ensure()
    RetentionRule.objects.exclude(record_type="complaints.review").update(active=False)
    RetentionRule.objects.filter(record_type="complaints.review").update(months=1)
    review = closed_review(dt.date(2020, 1, 1))
    response = retention_client.post(reverse("privacy:retention_dry_run"))
    batch = DisposalBatch.objects.get()
    assert response.url == reverse("privacy:retention_batch", args=[batch.pk])
    page = retention_client.get(response.url).content.decode()
    assert review.reference in page and "Approve and anonymise" in page
    assert review.complainant_name not in page
    again = retention_client.post(reverse("privacy:retention_dry_run"), follow=True).content.decode()
    assert "Nothing new is due" in again


@pytest.mark.django_db
def test_approve_then_a_second_click_says_so(retention_client, django_capture_on_commit_callbacks):
    batch = proposed_batch(2, retention_client.user)
    url = reverse("privacy:retention_batch_approve", args=[batch.pk])
    assert retention_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = retention_client.post(url, follow=True)
    assert "Batch approved" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert DisposalEntry.objects.filter(batch=batch, outcome="anonymised").count() == 2
    second = retention_client.post(url, follow=True).content.decode()
    assert "no longer awaiting approval" in second
    log = retention_client.get(reverse("privacy:retention_log"), {"record_type": "complaints.review"})
    assert log.content.decode().count("72 months after closure") == 2
    other = retention_client.get(reverse("privacy:retention_log"), {"record_type": "grants.application"})
    assert "Nothing has been disposed of of this type" in other.content.decode()
    junk = retention_client.get(reverse("privacy:retention_log"), {"record_type": "x" * 300, "page": "abc"})
    assert junk.status_code == 200


@pytest.mark.django_db
def test_reject_with_a_reason(retention_client):
    batch = proposed_batch(1, retention_client.user)
    url = reverse("privacy:retention_batch_reject", args=[batch.pk])
    assert "Enter the reason" in retention_client.post(url, {"reason": " "}).content.decode()
    assert retention_client.post(url, {"reason": "Wait for the appeal"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED
    assert retention_client.get(url).status_code == 302  # no longer awaiting approval


@pytest.mark.django_db
def test_batch_page_queries_do_not_grow_with_items(retention_client, django_assert_max_num_queries):
    small = proposed_batch(2, retention_client.user)
    with django_assert_max_num_queries(20) as few:
        assert retention_client.get(reverse("privacy:retention_batch", args=[small.pk])).status_code == 200
    for _ in range(58):
        closed_review()
    big = retention.batch_propose(by=retention_client.user, as_of=AS_OF + dt.timedelta(days=1))
    assert big.due_count == 60
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = retention_client.get(reverse("privacy:retention_batch", args=[big.pk]), {"page": "2"})
    assert response.status_code == 200
    assert "Page 2" in response.content.decode()
    assert (
        retention_client.get(reverse("privacy:retention_batch", args=[big.pk]), {"page": "999"}).status_code
        == 200
    )
