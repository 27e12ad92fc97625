"""The casework services (engagement/services/casework.py and clock_actions.py): every case status
against every action, who may act, each rule, and the due date's trail of changes.

Cases are put in a status by direct writes (the path there is not what is under test); the action
under test goes through its service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagement import services
from engagement.models import Case, CaseStatus, ClockStop
from engagement.workflow import CASE_TRANSITIONS, Action
from opcc.core import roles
from tests.engagement.conftest import london

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)
S = CaseStatus


def case_in(
    make_case, status: str, category: str = "Freedom of information", *, staff, received_ago: int = 10
):
    """A case received `received_ago` days ago, written straight into `status`."""
    case = make_case(category, received_on=TODAY - received_ago * DAY)
    fields: dict = {"status": status}
    if status != S.RECEIVED:
        fields["assigned_to"] = staff
    if status == S.AWAITING_INFORMATION:
        ClockStop.objects.create(case=case, reason="clarification", started_on=TODAY - 5 * DAY)
        fields["clock_stopped_since"] = TODAY - 5 * DAY
    if status in (S.RESPONDED, S.CLOSED, S.REOPENED):
        fields |= {"responded_on": TODAY - 3 * DAY, "outcome": "full", "response_due_on": case.due_on}
    if status == S.CLOSED:
        fields["closed_on"] = TODAY - 2 * DAY
    if status == S.REOPENED:
        fields |= {
            "reopen_reason": "internal_review",
            "review_requested_on": TODAY - 2 * DAY,
            "review_due_on": TODAY + 20 * DAY,
        }
    Case.objects.filter(pk=case.pk).update(**fields)
    return Case.objects.get(pk=case.pk)


def act(action: Action, case: Case, users) -> Case:
    """The action with arguments that are right in every respect but the status."""
    by = users.staff
    call: dict[Action, Callable[[], object]] = {
        Action.ASSIGN: lambda: services.case_assign(case=case, by=by, assignee=users.other_staff),
        Action.START: lambda: services.case_start(case=case, by=by),
        Action.STOP_CLOCK: lambda: services.clock_stop(
            case=case, by=by, reason="clarification", started_on=TODAY - DAY
        ),
        Action.RESTART_CLOCK: lambda: services.clock_restart(case=case, by=by, ended_on=TODAY),
        Action.RESPOND: lambda: services.case_respond(
            case=case, by=by, responded_on=TODAY, outcome="full", review_outcome="upheld"
        ),
        Action.CLOSE: lambda: services.case_close(case=case, by=by, closed_on=TODAY),
        Action.REOPEN: lambda: services.case_reopen(
            case=case, by=by, reason="internal_review", requested_on=TODAY
        ),
    }
    call[action]()
    return Case.objects.get(pk=case.pk)


def snapshot(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (
        Case.objects.filter(pk=case.pk).values().get(),
        fresh.history.count(),
        list(fresh.stops.values_list("started_on", "ended_on")),
        fresh.due_changes.count(),
    )


@pytest.mark.parametrize("status", S.values)
def test_every_status_against_every_action(status, make_case, eng_users):
    """Allowed actions move the case to the table's target; the others are refused, changing nothing."""
    refused_case = case_in(make_case, status, staff=eng_users.staff)
    for action, transition in CASE_TRANSITIONS.items():
        if status in transition.sources:
            case = case_in(make_case, status, staff=eng_users.staff)
            after = act(action, case, eng_users)
            expected = transition.target or (S.ASSIGNED if status == S.RECEIVED else status)
            assert after.status == expected, (status, action)
        else:
            before = snapshot(refused_case)
            with pytest.raises(ValidationError) as refused:
                act(action, refused_case, eng_users)
            assert (
                f"“{transition.label}” is not possible while the status is {S(status).label.lower()}"
                in str(refused.value)
            )
            assert snapshot(refused_case) == before, (status, action)


def every_service(case: Case, other) -> list[tuple[str, Callable]]:
    return [
        (
            "create",
            lambda by: services.case_create(
                by=by,
                received_at=london(TODAY),
                channel="email",
                category=case.category,
                subject="S",
                correspondent_name="P",
            ),
        ),
        ("update", lambda by: services.case_update(case=case, by=by, subject="Changed")),
        ("assign", lambda by: services.case_assign(case=case, by=by, assignee=other)),
        ("start", lambda by: services.case_start(case=case, by=by)),
        ("link", lambda by: services.case_link(case=case, by=by)),
        ("stop", lambda by: services.clock_stop(case=case, by=by, reason="clarification", started_on=TODAY)),
        ("restart", lambda by: services.clock_restart(case=case, by=by, ended_on=TODAY)),
        ("extend", lambda by: services.case_extend(case=case, by=by, told_on=TODAY, reason="Complex")),
        ("respond", lambda by: services.case_respond(case=case, by=by, responded_on=TODAY)),
        ("close", lambda by: services.case_close(case=case, by=by)),
        ("reopen", lambda by: services.case_reopen(case=case, by=by, reason="complaint", requested_on=TODAY)),
        ("call_add", lambda by: services.call_add(by=by)),
        ("call_day_set", lambda by: services.call_day_set(by=by, date=TODAY, calls_answered=5)),
    ]


def test_only_office_staff_may_write(make_case, eng_users, make_user):
    case = case_in(make_case, S.ASSIGNED, "Subject access", staff=eng_users.staff)
    inactive = make_user(roles.OFFICE_STAFF)
    inactive.is_active = False
    inactive.save()
    refused = [
        eng_users.administrator,
        eng_users.grants_manager,
        eng_users.reviews_manager,
        eng_users.coordinator,
        eng_users.reports,
        inactive,
        None,
    ]
    before = snapshot(case)
    cases = Case.objects.count()
    for name, call in every_service(case, eng_users.other_staff):
        for user in refused:
            with pytest.raises(PermissionDenied):
                call(user)
            assert snapshot(case) == before, (name, user)
    assert Case.objects.count() == cases
    # Office staff may: the first step of each succeeds for them.
    services.case_update(case=case, by=eng_users.staff, subject="Changed")
    services.call_add(by=eng_users.staff)


def test_future_dates_and_dates_before_receipt_are_refused(make_case, eng_users, category):
    staff = eng_users.staff
    tomorrow = TODAY + DAY
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.case_create(
            by=staff, received_at=timezone.now() + dt.timedelta(hours=2), channel="email",
            category=category("General advice"), subject="S", correspondent_name="P",
        )  # fmt: skip
    working = case_in(make_case, S.IN_PROGRESS, staff=staff)
    received = working.received_on
    for call, field in (
        (
            lambda d: services.clock_stop(case=working, by=staff, reason="clarification", started_on=d),
            "started_on",
        ),
        (
            lambda d: services.case_respond(case=working, by=staff, responded_on=d, outcome="full"),
            "responded_on",
        ),
    ):
        for day, words in (
            (tomorrow, "cannot be in the future"),
            (received - DAY, "cannot be before receipt"),
        ):
            with pytest.raises(ValidationError) as error:
                call(day)
            assert words in " ".join(error.value.message_dict[field])
    stopped = case_in(make_case, S.AWAITING_INFORMATION, staff=staff)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.clock_restart(case=stopped, by=staff, ended_on=tomorrow)
    with pytest.raises(ValidationError, match="cannot be before the stop"):
        services.clock_restart(case=stopped, by=staff, ended_on=TODAY - 6 * DAY)
    responded = case_in(make_case, S.RESPONDED, staff=staff)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.case_close(case=responded, by=staff, closed_on=tomorrow)
    with pytest.raises(ValidationError, match="cannot be before the response"):
        services.case_close(case=responded, by=staff, closed_on=TODAY - 4 * DAY)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.case_reopen(case=responded, by=staff, reason="complaint", requested_on=tomorrow)
    with pytest.raises(ValidationError, match="cannot be before the response"):
        services.case_reopen(case=responded, by=staff, reason="complaint", requested_on=TODAY - 4 * DAY)
    with pytest.raises(ValidationError, match="Choose why"):
        services.case_reopen(case=responded, by=staff, reason="bored", requested_on=TODAY)
    assert not working.stops.exists()
    statuses = dict(
        Case.objects.filter(pk__in=[working.pk, stopped.pk, responded.pk]).values_list("pk", "status")
    )
    assert statuses == {
        working.pk: S.IN_PROGRESS,
        stopped.pk: S.AWAITING_INFORMATION,
        responded.pk: S.RESPONDED,
    }


def test_a_second_stop_cannot_overlap_the_last(make_case, eng_users):
    staff = eng_users.staff
    case = case_in(make_case, S.IN_PROGRESS, staff=staff, received_ago=20)
    services.clock_stop(case=case, by=staff, reason="clarification", started_on=TODAY - 10 * DAY)
    services.clock_restart(case=case, by=staff, ended_on=TODAY - 5 * DAY)
    with pytest.raises(ValidationError, match="already stopped until"):
        services.clock_stop(case=case, by=staff, reason="fee", started_on=TODAY - 6 * DAY)
    # A local case past its due date cannot stop after it.
    late = case_in(make_case, S.IN_PROGRESS, "General advice", staff=staff, received_ago=60)
    with pytest.raises(ValidationError, match="the clock cannot stop after that"):
        services.clock_stop(case=late, by=staff, reason="clarification", started_on=TODAY)


def test_stop_reasons_follow_the_rule(make_case, eng_users):
    staff = eng_users.staff
    foi = case_in(make_case, S.IN_PROGRESS, staff=staff)
    with pytest.raises(ValidationError, match="clock stops only for: clarification sought, fee awaited"):
        services.clock_stop(case=foi, by=staff, reason="id", started_on=TODAY)
    local = case_in(make_case, S.IN_PROGRESS, "General advice", staff=staff)
    with pytest.raises(ValidationError, match="only for"):
        services.clock_stop(case=local, by=staff, reason="fee", started_on=TODAY)
    with pytest.raises(ValidationError, match="only for"):
        services.clock_stop(case=local, by=staff, reason="nonsense", started_on=TODAY)
    sar = case_in(make_case, S.IN_PROGRESS, "Subject access", staff=staff)
    stop = services.clock_stop(case=sar, by=staff, reason="id", started_on=TODAY)
    assert stop.reason == "id" and Case.objects.get(pk=sar.pk).clock_stopped_since == TODAY
    assert not foi.stops.exists() and not local.stops.exists()


def test_extension_only_for_subject_access_within_the_first_month_and_once(make_case, eng_users):
    staff = eng_users.staff
    foi = case_in(make_case, S.IN_PROGRESS, staff=staff)
    with pytest.raises(ValidationError, match="Only a subject access request"):
        services.case_extend(case=foi, by=staff, told_on=TODAY, reason="Complex")
    # Received 60 days ago: the first month has passed.
    old = case_in(make_case, S.IN_PROGRESS, "Subject access", staff=staff, received_ago=60)
    with pytest.raises(ValidationError) as late:
        services.case_extend(case=old, by=staff, told_on=TODAY - DAY, reason="Complex")
    assert "within the first month" in " ".join(late.value.message_dict["told_on"])
    sar = case_in(make_case, S.IN_PROGRESS, "Subject access", staff=staff)
    with pytest.raises(ValidationError, match="Enter why the request is complex"):
        services.case_extend(case=sar, by=staff, told_on=TODAY, reason="  ")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.case_extend(case=sar, by=staff, told_on=TODAY + DAY, reason="Complex")
    with pytest.raises(ValidationError, match="cannot be before receipt"):
        services.case_extend(case=sar, by=staff, told_on=sar.received_on - DAY, reason="Complex")
    first_due = Case.objects.get(pk=sar.pk).due_on
    extended = services.case_extend(case=sar, by=staff, told_on=TODAY, reason="Thousands of emails")
    assert extended.extended_on == TODAY and extended.due_on > first_due + dt.timedelta(days=55)
    change = extended.due_changes.latest("pk")
    assert (change.previous_due_on, change.due_on) == (first_due, extended.due_on)
    assert change.reason == "Extended by two months as complex: Thousands of emails"
    with pytest.raises(ValidationError, match="already extended"):
        services.case_extend(case=extended, by=staff, told_on=TODAY, reason="Again")
    responded = case_in(make_case, S.RESPONDED, "Subject access", staff=staff)
    with pytest.raises(ValidationError, match="Only an open request"):
        services.case_extend(case=responded, by=staff, told_on=TODAY, reason="Complex")


def test_outcome_and_exemptions(make_case, eng_users):
    staff = eng_users.staff
    foi = case_in(make_case, S.IN_PROGRESS, staff=staff)
    with pytest.raises(ValidationError, match="Choose the outcome"):
        services.case_respond(case=foi, by=staff, responded_on=TODAY)
    with pytest.raises(ValidationError, match="Choose the outcome"):
        services.case_respond(case=foi, by=staff, responded_on=TODAY, outcome="maybe")
    for outcome in ("part", "refused"):
        with pytest.raises(ValidationError, match="Enter the exemptions"):
            services.case_respond(case=foi, by=staff, responded_on=TODAY, outcome=outcome, exemptions=" ")
    assert Case.objects.get(pk=foi.pk).status == S.IN_PROGRESS
    done = services.case_respond(case=foi, by=staff, responded_on=TODAY, outcome="refused", exemptions="s31")
    assert (done.status, done.outcome, done.exemptions, done.responded_on) == (
        S.RESPONDED,
        "refused",
        "s31",
        TODAY,
    )
    assert done.response_due_on == foi.due_on and done.working_days_taken is not None
    eir = case_in(make_case, S.IN_PROGRESS, "Environmental information", staff=staff)
    with pytest.raises(ValidationError, match="Choose the outcome"):
        services.case_respond(case=eir, by=staff, responded_on=TODAY)
    local = case_in(make_case, S.IN_PROGRESS, "General advice", staff=staff)
    for extra in ({"outcome": "full"}, {"exemptions": "s40"}):
        with pytest.raises(ValidationError, match="Only freedom of information"):
            services.case_respond(case=local, by=staff, responded_on=TODAY, **extra)
    assert services.case_respond(case=local, by=staff, responded_on=TODAY).outcome == ""
    # An internal review needs its own outcome; a complaint about the response does not.
    review = case_in(make_case, S.REOPENED, staff=staff)
    with pytest.raises(ValidationError, match="outcome of the internal review"):
        services.case_respond(case=review, by=staff, responded_on=TODAY)
    with pytest.raises(ValidationError, match="cannot be before the request to reopen"):
        services.case_respond(case=review, by=staff, responded_on=TODAY - 3 * DAY, review_outcome="upheld")
    reviewed = services.case_respond(case=review, by=staff, responded_on=TODAY, review_outcome="partly")
    assert (reviewed.review_outcome, reviewed.review_completed_on) == ("partly", TODAY)


def test_category_change_recomputes_the_due_date_with_its_reason(make_case, eng_users, category):
    staff = eng_users.staff
    # Received on a fixed Monday so the two rules give different, hand-worked dates:
    # Mon 6 Jan 2025 + 10 working days (England and Wales) = Mon 20 Jan; + 20 (any UK nation) = Mon 3 Feb.
    case = make_case("General advice", received_on=dt.date(2025, 1, 6))
    assert case.due_on == dt.date(2025, 1, 20)
    changed = services.case_update(case=case, by=staff, category=category("Freedom of information"))
    assert changed.due_on == dt.date(2025, 2, 3)
    change = changed.due_changes.latest("pk")
    assert (change.previous_due_on, change.due_on, change.changed_by) == (
        dt.date(2025, 1, 20), dt.date(2025, 2, 3), staff,
    )  # fmt: skip
    assert (
        change.reason
        == "Category changed to Freedom of information: 20 working days (any UK nation bank holidays)"
    )
    # Another category with the same rule: the due date does not move and nothing is recorded.
    same = services.case_update(case=changed, by=staff, category=category("Environmental information"))
    assert same.due_on == dt.date(2025, 2, 3) and same.due_changes.count() == 2
    retired = category("Other")
    retired.active = False
    retired.save()
    with pytest.raises(ValidationError, match="no longer used"):
        services.case_update(case=same, by=staff, category=retired)
    responded = case_in(make_case, S.RESPONDED, "General advice", staff=staff)
    with pytest.raises(ValidationError, match="cannot change once the case has been responded to"):
        services.case_update(case=responded, by=staff, category=category("Mental health"))
    sar = case_in(make_case, S.IN_PROGRESS, "Subject access", staff=staff)
    services.case_extend(case=sar, by=staff, told_on=TODAY, reason="Complex")
    with pytest.raises(ValidationError, match="extended subject access request keeps its category"):
        services.case_update(case=sar, by=staff, category=category("General advice"))


def test_assignee_must_be_someone_who_records(make_case, eng_users, make_user):
    staff = eng_users.staff
    case = case_in(make_case, S.RECEIVED, staff=staff)
    gone = make_user(roles.OFFICE_STAFF)
    gone.is_active = False
    gone.save()
    for person in (eng_users.administrator, eng_users.grants_manager, eng_users.reports, gone):
        with pytest.raises(ValidationError, match="cannot handle correspondence"):
            services.case_assign(case=case, by=staff, assignee=person)
    with pytest.raises(ValidationError, match="Choose who will handle it"):
        services.case_assign(case=case, by=staff, assignee=None)
    with pytest.raises(ValidationError, match="Choose a team"):
        services.case_assign(case=case, by=staff, assignee=eng_users.other_staff, team="pirates")
    assert Case.objects.get(pk=case.pk).status == S.RECEIVED
    assigned = services.case_assign(case=case, by=staff, assignee=eng_users.other_staff, team="policy")
    assert (assigned.assigned_to, assigned.team, assigned.status) == (
        eng_users.other_staff,
        "policy",
        S.ASSIGNED,
    )
    assignable = set(services.assignable_users())
    assert {eng_users.staff, eng_users.other_staff} <= assignable
    assert not assignable & {eng_users.administrator, eng_users.grants_manager, gone}
    with pytest.raises(ValidationError, match="cannot handle correspondence"):
        services.case_create(
            by=staff, received_at=london(TODAY), channel="email", category=case.category, subject="S",
            correspondent_name="P", assigned_to=eng_users.reports,
        )  # fmt: skip


def test_link_to_a_real_complaint_review_or_grant_application(make_case, eng_users, make_user):
    from tests.complaints.factories import make_review
    from tests.grants.factories import ApplicationFactory

    staff = eng_users.staff
    case = case_in(make_case, S.IN_PROGRESS, staff=staff)
    review = make_review()
    application = ApplicationFactory()
    linked = services.case_link(
        case=case, by=staff, complaint_reference=f" {review.reference.lower()} ",
        application_reference=application.reference,
    )  # fmt: skip
    assert (linked.complaint_review, linked.grant_application) == (review, application)
    with pytest.raises(ValidationError, match="No complaint review has the reference CR-0000-9999"):
        services.case_link(case=case, by=staff, complaint_reference="CR-0000-9999")
    with pytest.raises(ValidationError, match="No grant application has the reference"):
        services.case_link(case=case, by=staff, application_reference="HCF-1999-0001")
    # A recorder who cannot open complaint reviews or grants may not link to them.
    recorder_only = Group.objects.create(name="Correspondence only")
    recorder_only.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=("core", "engagement"),
            codename__in=("access_engagement", "record_engagement"),
        )
    )
    clerk = make_user()
    clerk.groups.add(recorder_only)
    for reference in (
        {"complaint_reference": review.reference},
        {"application_reference": application.reference},
    ):
        with pytest.raises(PermissionDenied):
            services.case_link(case=case, by=clerk, **reference)
    kept = Case.objects.get(pk=case.pk)
    assert (kept.complaint_review, kept.grant_application) == (review, application)
    unlinked = services.case_link(case=case, by=clerk)  # clearing needs no access to either
    assert unlinked.complaint_review is None and unlinked.grant_application is None


def test_every_due_date_change_is_recorded_with_its_reason(make_case, eng_users):
    """A SAR's whole life on fixed dates: each row continues from the last, the last is the case's."""
    staff = eng_users.staff
    d = dt.date
    # Received Mon 6 Jan 2025: due Thu 6 Feb (the matching date).
    case = make_case("Subject access", received_on=d(2025, 1, 6))
    case = services.case_assign(case=case, by=staff, assignee=staff)
    # ID awaited Wed 8 to Sat 11 Jan, three calendar days: 9 Feb, a Sunday, rolls to Mon 10 Feb.
    services.clock_stop(case=case, by=staff, reason="id", started_on=d(2025, 1, 8))
    case = services.clock_restart(case=case, by=staff, ended_on=d(2025, 1, 11))
    # Extended: 6 April (three months) + the three paused days = Wed 9 Apr.
    case = services.case_extend(case=case, by=staff, told_on=d(2025, 1, 15), reason="Many records")
    case = services.case_respond(case=case, by=staff, responded_on=d(2025, 4, 1))
    # Complaint about the response Wed 2 Apr: 20 working days (England and Wales): 3-4 | 7-11 |
    # 14-17 | Good Friday and Easter Monday skipped | 22-25 | 28-30 Apr | 1-2 May: Fri 2 May.
    case = services.case_reopen(case=case, by=staff, reason="complaint", requested_on=d(2025, 4, 2))
    changes = list(case.due_changes.order_by("changed_at", "pk"))
    assert [(c.previous_due_on, c.due_on, c.reason) for c in changes] == [
        (None, d(2025, 2, 6), "Received: One calendar month"),
        (
            d(2025, 2, 6),
            d(2025, 2, 10),
            "Clock paused: proof of identity awaited from 8 January 2025 to 11 January 2025 (3 days)",
        ),
        (d(2025, 2, 10), d(2025, 4, 9), "Extended by two months as complex: Many records"),
        (d(2025, 4, 9), d(2025, 5, 2), "Reopened: complaint about the response"),
    ]
    assert case.due_on == case.review_due_on == d(2025, 5, 2)
    assert case.response_due_on == d(2025, 4, 9)
    assert all(c.changed_by == staff for c in changes)


def test_a_restart_without_a_stop_row_repairs_the_status(make_case, eng_users):
    case = case_in(make_case, S.IN_PROGRESS, staff=eng_users.staff)
    Case.objects.filter(pk=case.pk).update(status=S.AWAITING_INFORMATION, clock_stopped_since=TODAY)
    repaired = services.clock_restart(case=case, by=eng_users.staff, ended_on=TODAY)
    assert (repaired.status, repaired.clock_stopped_since) == (S.IN_PROGRESS, None)


def test_an_foi_letter_through_the_services(make_case, eng_users):
    """The FOI journey on fixed dates (folded in from the lead's smoke test)."""
    staff = eng_users.staff
    # Received Mon 6 Jan 2025: 7-10 | 13-17 | 20-24 | 27-31 Jan | 3 Feb: day 20 Mon 3 Feb.
    case = make_case("Freedom of information", received_on=dt.date(2025, 1, 6))
    assert case.reference.startswith("COR-2025-") and case.due_on == dt.date(2025, 2, 3)
    case = services.case_assign(case=case, by=staff, assignee=eng_users.other_staff)
    services.clock_stop(case=case, by=staff, reason="clarification", started_on=dt.date(2025, 1, 8))
    # The clarification came Wed 15 Jan: day 1 Thu 16; 16-17 | 20-24 | 27-31 | 3-7 | 10-12 Feb.
    case = services.clock_restart(case=case, by=staff, ended_on=dt.date(2025, 1, 15))
    assert case.due_on == dt.date(2025, 2, 12)
    assert case.due_changes.latest("pk").reason == (
        "Clock restarted on clarification: clarification sought from 8 January 2025 to 15 January 2025 (7 days)"
    )
    # Responded Mon 10 Feb: 16-17 | 20-24 | 27-31 | 3-7 | 10 Feb = 18 working days.
    case = services.case_respond(case=case, by=staff, responded_on=dt.date(2025, 2, 10), outcome="full")
    assert (case.working_days_taken, case.response_due_on) == (18, dt.date(2025, 2, 12))
    assert services.case_close(case=case, by=staff).status == S.CLOSED
