"""Regressions from attacking the privacy pages (issue 13) as a hostile or tired user would: each
test is a defect that was found (a 500, a duplicate, a leak) and fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from complaints.models import Review
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.privacy import retention
from opcc.privacy.models import DisposalEntry, DisposalItem, LegalHold, RetentionRule
from tests.complaints.factories import make_review


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["²", "①", "١"])
def test_a_hold_on_a_number_in_other_digits_is_a_message_not_a_500(client_as, number):
    """`"²".isdigit()` is true but `int("²")` fails: the hold form crashed on a superscript."""
    client = client_as(roles.ADMINISTRATOR)
    response = client.post(
        reverse("privacy:retention_hold_add"),
        {"source_key": "complaints.panel_member", "reference": number, "reason": "A claim"},
    )
    assert response.status_code == 200
    assert "has the reference or number" in response.content.decode()
    assert not LegalHold.objects.exists()


@pytest.mark.django_db
def test_a_second_worker_on_the_same_batch_logs_each_record_once(make_user):
    """Redis redelivers an unacknowledged task after an hour (acks late): a long carry-out then
    runs twice at once. The second worker's list of done records is stale; once it gets the
    record's lock it must see the first worker's entry, not log a second 'not due' one."""
    admin = make_user(roles.ADMINISTRATOR)
    retention.rules_ensure()
    RetentionRule.objects.exclude(record_type="complaints.review").update(active=False)
    review = make_review()
    Review.objects.filter(pk=review.pk).update(status="closed", closed_on=dt.date(2020, 1, 10))
    batch = retention.batch_propose(by=admin, as_of=dt.date(2031, 6, 15))
    retention.batch_approve(batch=batch, by=admin)
    assert retention.batch_carry_out(batch_id=batch.pk) == 1
    batch.refresh_from_db()
    item = DisposalItem.objects.get(batch=batch)
    rules = {r.record_type: r for r in RetentionRule.objects.all()}
    # What the second worker does next for the record it had not yet seen done.
    assert retention._dispose_one(batch, item, rules) == DisposalEntry.Outcome.ANONYMISED
    assert DisposalEntry.objects.filter(batch=batch).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Jo Li", "_ _", "Al Bo Cy"])
def test_a_search_with_nothing_searchable_says_so_not_no_records_found(client_as, query):
    """Only words of 3 letters are searched as names: "Jo Li" searched nothing, yet the page
    said "No records found", which a tired officer reads as "we hold nothing about Jo Li"."""
    response = client_as(roles.OFFICE_STAFF).get(reverse("privacy:search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No records found" not in html
    assert "at least one word of 3 letters" in html
    assert not AccessEvent.objects.filter(action=Action.RECORDS_SEARCHED).exists()
