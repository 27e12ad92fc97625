"""The retention schedule's services: rules, due dates, the dry run, approval, carry-out, holds, the log.

Records are complaint reviews made through the complaints services, then closed on a chosen day
(closure is all the schedule reads). Everything runs on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from complaints.models import Review
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.privacy import holds, registry, retention
from opcc.privacy.models import (
    BatchStatus,
    DisposalBatch,
    DisposalEntry,
    DisposalItem,
    LegalHold,
    RetentionRule,
)
from opcc.privacy.registry import ANONYMISED, Trigger
from tests.complaints.factories import make_review

Outcome = DisposalEntry.Outcome
AS_OF = dt.date(2031, 6, 15)
OLD = dt.date(2024, 1, 10)  # closed over 6 years before AS_OF
RECENT = dt.date(2029, 1, 10)


@pytest.fixture
def retention_admin(make_user):
    return make_user(roles.ADMINISTRATOR)


@pytest.fixture
def retention_closed(db):
    """A function: a complaint review closed on `closed_on` (through the services, then closed)."""

    def make(closed_on: dt.date, **dates) -> Review:
        review = make_review()
        Review.objects.filter(pk=review.pk).update(status="closed", closed_on=closed_on, **dates)
        review.refresh_from_db()
        return review

    return make


def received(day: dt.date) -> dict[str, dt.date]:
    """A review's intake dates moved back together (received after the information was given)."""
    return {
        "received_on": day,
        "review_info_given_on": day - dt.timedelta(days=5),
        "complaint_made_on": day - dt.timedelta(days=100),
    }


def review_rule() -> RetentionRule:
    retention.rules_ensure()
    return RetentionRule.objects.get(record_type="complaints.review")


def only_reviews() -> None:
    """Switch every rule but the reviews' off, so the batches hold only what the test made."""
    retention.rules_ensure()
    RetentionRule.objects.exclude(record_type="complaints.review").update(active=False)


def due_pks(rule: RetentionRule, as_of: dt.date) -> set[int]:
    record_type = registry.record_type(rule.record_type)
    return {pk for pk, _, _ in retention.due_records(record_type=record_type, rule=rule, as_of=as_of)}


# --- rules ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rules_are_seeded_from_each_record_types_declaration():
    assert retention.rules_ensure() == len(registry.record_types())
    assert retention.rules_ensure() == 0  # once only
    for record_type in registry.record_types():
        rule = RetentionRule.objects.get(record_type=record_type.key)
        assert (rule.months, rule.trigger, rule.note) == (
            record_type.default_months,
            record_type.default_trigger,
            record_type.note,
        )
    assert retention.rule_text(RetentionRule.objects.get(record_type="complaints.review")) == (
        "72 months after closure"
    )


@pytest.mark.django_db
def test_rule_update_checks_the_trigger_and_period_and_is_audited(retention_admin):
    rule = review_rule()
    with pytest.raises(ValidationError) as error:
        retention.rule_update(
            rule=rule, months=12, trigger=Trigger.LEAVING, active=True, note="", by=retention_admin
        )
    assert "can only count from closure, the end of the financial year" in str(error.value)
    for months in (0, 1201, -5):
        with pytest.raises(ValidationError, match="from 1 to 1200"):
            retention.rule_update(
                rule=rule, months=months, trigger=rule.trigger, active=True, note="", by=retention_admin
            )
    changed = retention.rule_update(
        rule=rule,
        months=84,
        trigger=Trigger.FINANCIAL_YEAR_END,
        active=False,
        note=" Local ",
        by=retention_admin,
    )
    rule.refresh_from_db()
    assert (rule.months, rule.trigger, rule.active, rule.note, rule.updated_by) == (
        84, Trigger.FINANCIAL_YEAR_END, False, "Local", retention_admin
    )  # fmt: skip
    assert changed.history.first().history_user == retention_admin
    event = AccessEvent.objects.get(action=Action.RETENTION_RULE_CHANGED)
    assert event.detail["before"]["months"] == 72 and event.detail["after"]["months"] == 84


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*sorted(set(roles.ROLES) - {roles.ADMINISTRATOR}), None])
def test_only_administrators_manage_the_schedule(make_user, role, retention_closed):
    user = make_user(*([role] if role else []))
    rule = review_rule()
    with pytest.raises(PermissionDenied):
        retention.rule_update(rule=rule, months=12, trigger=rule.trigger, active=True, note="", by=user)
    with pytest.raises(PermissionDenied):
        retention.batch_propose(by=user, as_of=AS_OF)
    review = retention_closed(OLD)
    with pytest.raises(PermissionDenied):
        holds.hold_place(source_key="complaints.review", object_id=review.pk, reason="x", by=user)
    batch = DisposalBatch.objects.create(as_of=AS_OF, created_at=dt.datetime(2031, 6, 15, tzinfo=dt.UTC))
    with pytest.raises(PermissionDenied):
        retention.batch_approve(batch=batch, by=user)
    with pytest.raises(PermissionDenied):
        retention.batch_reject(batch=batch, by=user, reason="No")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED


# --- due dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "months", "limit"),
    [
        (dt.date(2031, 3, 31), 72, dt.date(2025, 3, 31)),  # exactly six years after a year end
        (dt.date(2031, 3, 30), 72, dt.date(2024, 3, 31)),  # a day short
        (dt.date(2031, 9, 30), 6, dt.date(2031, 3, 31)),  # 31 March + 6 months = 30 September
        (dt.date(2031, 9, 29), 6, dt.date(2030, 3, 31)),
        (dt.date(2031, 1, 1), 1, dt.date(2030, 3, 31)),
        (dt.date(2032, 2, 29), 11, dt.date(2031, 3, 31)),  # 31 March 2031 + 11 months: 29 Feb 2032
        (dt.date(2032, 2, 28), 11, dt.date(2030, 3, 31)),
    ],
)
def test_financial_year_end_limit(as_of, months, limit):
    assert retention.financial_year_limit(as_of=as_of, months=months) == limit


@pytest.mark.django_db
def test_due_after_closure_counts_calendar_months_at_month_ends(retention_admin, retention_closed):
    rule = review_rule()
    rule.months = 6
    rule.save()
    end_of_august = retention_closed(dt.date(2030, 8, 31))
    end_of_feb = retention_closed(dt.date(2031, 2, 28))
    leap_day = retention_closed(dt.date(2028, 2, 29))
    assert end_of_august.pk not in due_pks(rule, dt.date(2031, 2, 28))  # 28 Feb - 6 months = 28 Aug
    assert end_of_august.pk in due_pks(rule, dt.date(2031, 3, 1))
    assert end_of_feb.pk not in due_pks(rule, dt.date(2031, 8, 27))
    assert end_of_feb.pk in due_pks(rule, dt.date(2031, 8, 28))
    rule.months = 12
    rule.save()
    assert leap_day.pk not in due_pks(rule, dt.date(2029, 2, 28))
    assert leap_day.pk in due_pks(rule, dt.date(2029, 3, 1))


@pytest.mark.django_db
def test_due_at_the_financial_year_boundary(retention_closed):
    rule = review_rule()
    rule.months, rule.trigger = 12, Trigger.FINANCIAL_YEAR_END
    rule.save()
    last_day = retention_closed(RECENT, **received(dt.date(2025, 3, 31)))
    next_year = retention_closed(RECENT, **received(dt.date(2025, 4, 1)))
    assert due_pks(rule, dt.date(2026, 3, 30)) & {last_day.pk, next_year.pk} == set()
    assert due_pks(rule, dt.date(2026, 3, 31)) & {last_day.pk, next_year.pk} == {last_day.pk}
    assert due_pks(rule, dt.date(2027, 3, 30)) & {last_day.pk, next_year.pk} == {last_day.pk}
    assert due_pks(rule, dt.date(2027, 3, 31)) >= {last_day.pk, next_year.pk}


@pytest.mark.django_db
def test_open_and_recent_records_are_not_due(retention_closed):
    rule = review_rule()
    open_review = make_review()
    Review.objects.filter(pk=open_review.pk).update(**received(dt.date(2020, 1, 6)))
    recent = retention_closed(RECENT)
    old = retention_closed(OLD)
    assert due_pks(rule, AS_OF) == {old.pk}
    assert open_review.pk not in due_pks(rule, dt.date(2100, 1, 1))
    assert recent.pk in due_pks(rule, dt.date(2100, 1, 1))


# --- the dry run ----------------------------------------------------------------------------------


def snapshot() -> dict[str, list]:
    """Every row of every personal data model and its history (and the holds and rules)."""
    tables = {}
    for source in registry.sources():
        model = source.model_class
        tables[source.key] = list(model._default_manager.order_by("pk").values())
        tables[source.key + ".history"] = list(model.history.order_by("history_id").values())
    tables["holds"] = list(LegalHold.objects.order_by("pk").values())
    tables["rules"] = list(RetentionRule.objects.order_by("pk").values())
    tables["entries"] = list(DisposalEntry.objects.values())
    return tables


@pytest.mark.django_db
def test_the_dry_run_lists_what_is_due_and_changes_nothing(retention_admin, retention_closed):
    old = [retention_closed(OLD) for _ in range(3)]
    retention_closed(RECENT)
    only_reviews()
    held = old[0]
    holds.hold_place(source_key="complaints.review", object_id=held.pk, reason="ICO", by=retention_admin)
    before = snapshot()
    batch = retention.batch_propose(by=retention_admin, as_of=AS_OF)
    assert snapshot() == before
    assert batch is not None and batch.status == BatchStatus.PROPOSED
    assert (batch.due_count, batch.held_count) == (2, 1)
    items = {i.object_id: i for i in batch.items.all()}
    assert set(items) == {r.pk for r in old}
    assert items[held.pk].held and not items[old[1].pk].held
    assert items[old[1].pk].record_label == old[1].reference
    assert items[old[1].pk].trigger_date == OLD
    assert AccessEvent.objects.filter(action=Action.DISPOSAL_PROPOSED).count() == 1
    # Once a day; and nothing due, no batch.
    assert retention.batch_propose(by=retention_admin, as_of=AS_OF) is None
    assert retention.batch_propose(by=None, as_of=dt.date(2025, 1, 1)) is None
    assert DisposalBatch.objects.count() == 1


@pytest.mark.django_db
def test_dry_run_queries_do_not_grow_with_records(retention_admin, retention_closed):
    only_reviews()
    for _ in range(2):
        retention_closed(OLD)
    with CaptureQueriesContext(connection) as few:
        retention.batch_propose(by=retention_admin, as_of=AS_OF)
    for _ in range(10):
        retention_closed(OLD)
    with CaptureQueriesContext(connection) as many:
        retention.batch_propose(by=retention_admin, as_of=AS_OF + dt.timedelta(days=1))
    assert DisposalItem.objects.filter(batch__as_of=AS_OF + dt.timedelta(days=1)).count() == 12
    assert len(many) <= len(few)
    assert len(many) <= 12 + len(registry.record_types())


# --- approval and carry-out -------------------------------------------------------------------------


@pytest.mark.django_db
def test_approve_carries_out_and_logs_each_record(
    retention_admin, retention_closed, django_capture_on_commit_callbacks
):
    only_reviews()
    due = [retention_closed(OLD) for _ in range(2)]
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    with django_capture_on_commit_callbacks(execute=True):
        retention.batch_approve(batch=batch, by=retention_admin)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.decided_by == retention_admin and batch.completed_at
    for review in due:
        review.refresh_from_db()
        assert review.complainant_name == ANONYMISED and review.complainant_email == ""
        assert review.closed_on == OLD and review.status == "closed"
        entry = DisposalEntry.objects.get(object_id=review.pk)
        assert entry.outcome == Outcome.ANONYMISED
        assert (entry.rule, entry.trigger_date, entry.approved_by) == (
            "72 months after closure",
            OLD,
            retention_admin,
        )
        assert entry.record_label == review.reference
    # Anonymised records are not due again.
    assert retention.batch_propose(by=None, as_of=AS_OF + dt.timedelta(days=1)) is None
    with pytest.raises(ValidationError, match="no longer awaiting approval"):
        retention.batch_approve(batch=batch, by=retention_admin)


@pytest.mark.django_db
def test_a_held_record_is_never_anonymised(retention_admin, retention_closed):
    only_reviews()
    held_first, held_later, free = (retention_closed(OLD) for _ in range(3))
    holds.hold_place(
        source_key="complaints.review", object_id=held_first.pk, reason="Claim", by=retention_admin
    )
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    retention.batch_approve(batch=batch, by=retention_admin)  # carry-out waits for the commit
    # A hold placed after approval still stops it; lifting the first one afterwards does not.
    holds.hold_place(
        source_key="complaints.review", object_id=held_later.pk, reason="ICO", by=retention_admin
    )
    hold = LegalHold.objects.get(object_id=held_first.pk)
    holds.hold_lift(hold=hold, reason="Settled", by=retention_admin)
    assert retention.batch_carry_out(batch_id=batch.pk) == 1
    outcomes = dict(DisposalEntry.objects.values_list("object_id", "outcome"))
    assert outcomes == {
        held_first.pk: Outcome.SKIPPED_HOLD,
        held_later.pk: Outcome.SKIPPED_HOLD,
        free.pk: Outcome.ANONYMISED,
    }
    for review in (held_first, held_later):
        review.refresh_from_db()
        assert review.complainant_name == "Jordan Example"
    # A rerun writes nothing twice.
    DisposalBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.APPROVED)
    assert retention.batch_carry_out(batch_id=batch.pk) == 0
    assert DisposalEntry.objects.count() == 3


@pytest.mark.django_db
def test_carry_out_skips_what_is_no_longer_due_or_gone(retention_admin, retention_closed):
    only_reviews()
    reopened, shortened, gone = (retention_closed(OLD) for _ in range(3))
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    retention.batch_approve(batch=batch, by=retention_admin)
    Review.objects.filter(pk=reopened.pk).update(closed_on=None, status="under_review")
    DisposalItem.objects.filter(object_id=gone.pk).update(object_id=10**12)
    assert retention.batch_carry_out(batch_id=batch.pk) == 1
    outcomes = dict(DisposalEntry.objects.values_list("object_id", "outcome"))
    assert outcomes == {
        reopened.pk: Outcome.SKIPPED_NOT_DUE,
        shortened.pk: Outcome.ANONYMISED,
        10**12: Outcome.SKIPPED_GONE,
    }


@pytest.mark.django_db
def test_carry_out_queries_do_not_grow_with_records(retention_admin, retention_closed):
    only_reviews()

    def run(count: int, as_of: dt.date) -> int:
        for _ in range(count):
            retention_closed(OLD)
        batch = retention.batch_propose(by=None, as_of=as_of)
        retention.batch_approve(batch=batch, by=retention_admin)
        with CaptureQueriesContext(connection) as queries:
            assert retention.batch_carry_out(batch_id=batch.pk) == count
        return len(queries)

    two = run(2, AS_OF)
    six = run(6, AS_OF + dt.timedelta(days=1))
    assert six == two, (two, six)  # a chunk of one record type costs a few queries, whatever its size
    assert two <= 20, two


@pytest.mark.django_db
def test_reject_needs_a_reason(retention_admin, retention_closed):
    only_reviews()
    retention_closed(OLD)
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    with pytest.raises(ValidationError, match="Enter why"):
        retention.batch_reject(batch=batch, by=retention_admin, reason="  ")
    retention.batch_reject(batch=batch, by=retention_admin, reason="Check the FOI appeal first")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED and batch.reject_reason == "Check the FOI appeal first"
    assert retention.batch_carry_out(batch_id=batch.pk) == 0
    assert AccessEvent.objects.filter(action=Action.DISPOSAL_REJECTED).exists()


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_give_one(make_user, retention_closed):
    only_reviews()
    retention_closed(OLD)
    first, second = make_user(roles.ADMINISTRATOR), make_user(roles.ADMINISTRATOR)
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve(user) -> None:
        try:
            barrier.wait()
            retention.batch_approve(batch=batch, by=user)
            results.append("approved")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("approved") == 1
    assert any("no longer awaiting approval" in r for r in results)
    assert AccessEvent.objects.filter(action=Action.DISPOSAL_APPROVED).count() == 1


# --- holds and the log -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_holds_one_active_per_record_with_clear_messages(retention_admin, retention_closed):
    review = retention_closed(OLD)
    hold = holds.hold_place(
        source_key="complaints.review", object_id=review.pk, reason="Claim", by=retention_admin
    )
    assert hold.record_label == review.reference and hold.source == "complaints.review"
    with pytest.raises(ValidationError, match="already on legal hold"):
        holds.hold_place(
            source_key="complaints.review", object_id=review.pk, reason="Again", by=retention_admin
        )
    with pytest.raises(ValidationError, match="No complaint review has the number"):
        holds.hold_place(source_key="complaints.review", object_id=10**12, reason="x", by=retention_admin)
    with pytest.raises(ValidationError, match="Choose a kind of record"):
        holds.hold_place(source_key="nobody.nothing", object_id=review.pk, reason="x", by=retention_admin)
    with pytest.raises(ValidationError, match="Enter why"):
        holds.hold_place(
            source_key="complaints.review", object_id=review.pk, reason=" ", by=retention_admin
        )
    holds.hold_lift(hold=hold, reason="Settled", by=retention_admin)
    with pytest.raises(ValidationError, match="already been lifted"):
        holds.hold_lift(hold=hold, reason="Again", by=retention_admin)
    again = holds.hold_place(
        source_key="complaints.review", object_id=review.pk, reason="New claim", by=retention_admin
    )
    assert again.active and LegalHold.objects.count() == 2
    assert AccessEvent.objects.filter(action=Action.LEGAL_HOLD_PLACED).count() == 2
    assert AccessEvent.objects.filter(action=Action.LEGAL_HOLD_LIFTED).count() == 1


@pytest.mark.django_db
def test_record_find_by_reference_or_number(retention_closed):
    review = retention_closed(OLD)
    assert (
        holds.record_find(source_key="complaints.review", reference=review.reference.lower()) == review.pk
    )
    assert holds.record_find(source_key="complaints.review", reference=f" {review.pk} ") == review.pk
    with pytest.raises(ValidationError, match="No complaint review has the reference or number CR-1"):
        holds.record_find(source_key="complaints.review", reference="CR-1")
    with pytest.raises(ValidationError, match="Enter the record"):
        holds.record_find(source_key="complaints.review", reference="")
    with pytest.raises(ValidationError, match="No complaint review"):
        holds.record_find(source_key="complaints.review", reference="9" * 40)


@pytest.mark.django_db
def test_the_log_refuses_update_and_delete(retention_admin, retention_closed):
    only_reviews()
    retention_closed(OLD)
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    retention.batch_approve(batch=batch, by=retention_admin)
    retention.batch_carry_out(batch_id=batch.pk)
    entry = DisposalEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        DisposalEntry.objects.all().update(outcome=Outcome.SKIPPED_GONE)
    with pytest.raises(PermissionError):
        DisposalEntry.objects.all().delete()
    assert DisposalEntry.objects.get().outcome == Outcome.ANONYMISED


@pytest.mark.django_db
def test_a_second_worker_on_the_same_batch_logs_nothing_twice(retention_admin, retention_closed):
    """The broker may hand a long carry-out to a second worker; its list of what is done is stale."""
    only_reviews()
    retention_closed(OLD)
    retention_closed(OLD)
    batch = retention.batch_propose(by=None, as_of=AS_OF)
    retention.batch_approve(batch=batch, by=retention_admin)
    batch.refresh_from_db()
    items = list(batch.items.order_by("pk"))
    rules = {r.record_type: r for r in RetentionRule.objects.all()}
    assert retention._dispose_chunk(batch, items, rules) == 2
    assert retention._dispose_chunk(batch, items, rules) == 0  # the stale worker's turn
    assert DisposalEntry.objects.filter(batch=batch).count() == 2
    assert set(DisposalEntry.objects.values_list("outcome", flat=True)) == {Outcome.ANONYMISED}
