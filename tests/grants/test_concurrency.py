"""Races on PostgreSQL: parallel approvals, references, payments and double decisions.

Each test commits its set-up (transaction=True), then starts N threads, each on its own database
connection, held at a barrier so they call the service together. Row locks in the services, not
luck, must keep the budget, the reference counter and the award totals right.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from grants import services
from grants.models import AllocationLine, Application, Award, Decision, Payment, Status
from grants.services.common import committed_on_line
from opcc.core.money import format_gbp
from tests.grants.conftest import application_fields, area, today

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20
User = get_user_model()


def run_together(tasks: list[Callable[[], Callable[[], object]]]) -> tuple[list[tuple[str, object]], float]:
    """Run each task in its own thread and connection; all call their service at the same moment.

    A task does its reads first (opening the thread's connection) and returns the call to race.
    Returns ("ok", result) or ("error", exception) per task, in task order, and the wall time.
    """
    barrier = threading.Barrier(len(tasks))
    results: list[tuple[str, object] | None] = [None] * len(tasks)
    started = [0.0]

    def worker(index: int, task) -> None:
        try:
            call = task()
            if barrier.wait(timeout=60) == 0:
                started[0] = time.monotonic()
            results[index] = ("ok", call())
        except Exception as exc:  # recorded and asserted on by the test
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started[0]
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    assert all(r is not None for r in results)
    return results, elapsed


def errors_of(results):
    return [value for kind, value in results if kind == "error"]


def oks_of(results):
    return [value for kind, value in results if kind == "ok"]


def approval_task(application: Application, manager, amount):
    def task():
        by = User.objects.get(pk=manager.pk)
        fresh = Application.objects.get(pk=application.pk)
        return lambda: services.application_approve(application=fresh, by=by, amount=str(amount))

    return task


@pytest.fixture
def small_line(fund_year, grants_users) -> AllocationLine:
    """Birmingham cut to £10,000 for the race."""
    return services.allocation_line_set(
        fund_year=fund_year, area=area("Birmingham"), amount="10000", by=grants_users.manager
    )


def assessed_applications(application_in, make_organisation, line, amounts):
    return [
        application_in(
            Status.ASSESSED,
            organisation=make_organisation(name=f"Racing Group {i}"),
            allocation_line=line,
            amount_requested=str(amount),
        )
        for i, amount in enumerate(amounts, start=1)
    ]


def test_parallel_approvals_never_overspend_the_line(
    application_in, make_organisation, grants_users, small_line
):
    amount = Decimal("1500.00")
    applications = assessed_applications(application_in, make_organisation, small_line, [amount] * PARALLEL)
    results, elapsed = run_together([approval_task(a, grants_users.manager, amount) for a in applications])
    print(f"\n{PARALLEL} parallel approvals took {elapsed:.2f} s")

    affordable = int(small_line.amount // amount)  # 6 of £1,500 fit in £10,000
    awards = oks_of(results)
    refusals = errors_of(results)
    assert len(awards) == affordable == 6
    assert len(refusals) == PARALLEL - affordable
    assert all(isinstance(e, ValidationError) for e in refusals), refusals
    left = small_line.amount - affordable * amount
    for refusal in refusals:
        assert refusal.messages == [f"Not enough left in Birmingham: {format_gbp(left)} remaining."]
    # The one money format: £, thousands separator, pence only where there are any.
    assert refusals[0].messages == ["Not enough left in Birmingham: £1,000 remaining."]

    committed = sum(
        Award.objects.filter(application__allocation_line=small_line).values_list("amount", flat=True)
    )
    assert committed == sum(a.amount for a in awards) == affordable * amount
    assert committed == committed_on_line(small_line) <= small_line.amount
    assert Decision.objects.count() == affordable
    statuses = list(Application.objects.values_list("status", flat=True))
    assert statuses.count(Status.APPROVED) == affordable
    assert statuses.count(Status.ASSESSED) == PARALLEL - affordable
    assert {a.application_id for a in awards} == set(
        Application.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)
    )


MIXED = ["700", "1300", "900", "1100", "2000", "450.50", "1750", "600", "1250", "980",
         "1500", "820.25", "1999.99", "300", "1400", "1050", "760", "2500", "640", "1200"]  # fmt: skip
# Whole pounds print without pence ("£620"), other amounts with them ("£620.50").
NOT_ENOUGH = re.compile(r"^Not enough left in Birmingham: £([\d,]+(?:\.\d{2})?) remaining\.$")


def test_parallel_approvals_of_mixed_amounts_report_what_was_left_at_that_moment(
    application_in, make_organisation, grants_users, small_line
):
    applications = assessed_applications(application_in, make_organisation, small_line, MIXED)
    amounts = {a.pk: a.amount_requested for a in applications}
    results, _ = run_together(
        [approval_task(a, grants_users.manager, a.amount_requested) for a in applications]
    )

    # The remaining amount after each award, in the order the awards were committed (the line
    # lock makes inserts, and so primary keys, follow commit order).
    committed_order = list(Award.objects.filter(application__allocation_line=small_line).order_by("pk"))
    left_after = [small_line.amount]
    for award in committed_order:
        left_after.append(left_after[-1] - award.amount)
    assert left_after[-1] >= 0
    assert sum(a.amount for a in committed_order) == committed_on_line(small_line) <= small_line.amount
    assert len(oks_of(results)) == len(committed_order)

    for application, (kind, value) in zip(applications, results, strict=True):
        if kind == "ok":
            assert value.amount == amounts[application.pk]
            continue
        assert isinstance(value, ValidationError), value
        (message,) = value.messages
        match = NOT_ENOUGH.match(message)
        assert match, message
        left = Decimal(match.group(1).replace(",", ""))
        assert left in left_after  # what was left at some moment between commits
        assert left < amounts[application.pk]  # and it really could not afford this one
        # Nothing affordable was refused: this amount is more than what is left at the end.
        assert amounts[application.pk] > left_after[-1]
        assert not Decision.objects.filter(application=application).exists()


def test_parallel_entries_get_distinct_sequential_references(fund_year, grants_users, organisation, line):
    def entry():
        by = User.objects.get(pk=grants_users.staff.pk)
        fields = application_fields(organisation=organisation, allocation_line=line)
        return lambda: services.application_create(by=by, fund_year=fund_year, **fields)

    results, elapsed = run_together([entry for _ in range(PARALLEL)])
    print(f"\n{PARALLEL} parallel entries took {elapsed:.2f} s")
    assert errors_of(results) == []
    references = sorted(a.reference for a in oks_of(results))
    assert references == [f"HCF-2024-{n:04d}" for n in range(1, PARALLEL + 1)]
    assert sorted(Application.objects.values_list("reference", flat=True)) == references


def test_parallel_payments_never_exceed_the_award(application_in, grants_users):
    application = application_in(Status.AGREEMENT_SIGNED, amount_requested="1500")

    def payment(n):
        def task():
            by = User.objects.get(pk=grants_users.staff.pk)
            fresh = Application.objects.get(pk=application.pk)
            return lambda: services.payment_record(
                application=fresh, by=by, amount="100", paid_on=today(), finance_reference=f"FIN-{n}"
            )

        return task

    results, elapsed = run_together([payment(n) for n in range(PARALLEL)])
    print(f"\n{PARALLEL} parallel payments took {elapsed:.2f} s")
    refusals = errors_of(results)
    assert len(oks_of(results)) == 15
    assert len(refusals) == PARALLEL - 15
    for refusal in refusals:
        assert isinstance(refusal, ValidationError), refusal
        assert refusal.messages == [
            "This payment would take the total paid to £1,600, above the award of £1,500 (£0 left to pay)."
        ]
    assert sum(Payment.objects.values_list("amount", flat=True)) == Decimal("1500.00")
    application.refresh_from_db()
    assert application.status == Status.PAID


def test_two_managers_approving_the_same_application_make_one_award(application_in, grants_users):
    applications = [application_in(Status.ASSESSED) for _ in range(5)]
    managers = [grants_users.manager, grants_users.other_manager]
    tasks = [approval_task(a, m, "1500") for a in applications for m in managers]
    results, _ = run_together(tasks)

    refusals = errors_of(results)
    assert len(oks_of(results)) == len(applications)
    assert len(refusals) == len(applications)
    for refusal in refusals:
        assert isinstance(refusal, ValidationError), refusal
        assert refusal.messages == ["You cannot approve it: its status is Approved."]
    for application in applications:
        assert Award.objects.filter(application=application).count() == 1
        assert Decision.objects.filter(application=application).count() == 1
        application.refresh_from_db()
        assert application.status == Status.APPROVED
