"""The application workflow: the transition table itself, then every status x every action.

For each pair the application is built through the real services (tests/grants/conftest.py) and the
service behind the action is called. Allowed pairs must land on the declared target (or the one
the service decides for actions declared with a None target); refused pairs must raise a
ValidationError that says what and why, and leave every grants row and history row as it was.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants import services
from grants.models import (
    Application,
    Assessment,
    Award,
    ConflictDeclaration,
    Decision,
    MonitoringReturn,
    Payment,
    Status,
    Variation,
)
from grants.workflow import LABELS, TRANSITIONS, Action, allowed_actions, check_transition
from tests.grants.conftest import (
    ApplicationBuilder,
    application_maker,
    area,
    build_fund_year,
    build_grants_users,
    organisation_maker,
    today,
)
from tests.module_data import make_user, module_rows

# The statuses as the issue lists them: draft -> submitted -> eligibility check -> (ineligible) ->
# assessed -> approved / rejected / returned -> agreement signed -> paid -> monitoring due ->
# closed; withdrawn from any status before closed.
ISSUE_STATUSES = [
    "draft",
    "submitted",
    "eligibility_check",
    "ineligible",
    "assessed",
    "approved",
    "rejected",
    "returned",
    "agreement_signed",
    "paid",
    "monitoring_due",
    "closed",
    "withdrawn",
]

# Where the services take an application for the actions declared with a None target.
SERVICE_DECIDED = {
    (Action.RECORD_PAYMENT, Status.AGREEMENT_SIGNED): Status.PAID,  # when paid in full
    (Action.SCHEDULE_MONITORING, Status.PAID): Status.MONITORING_DUE,
}
TERMINAL = {Status.INELIGIBLE, Status.REJECTED, Status.CLOSED, Status.WITHDRAWN}


# --- the table -------------------------------------------------------------------------------


def test_statuses_are_the_ones_the_issue_lists():
    assert [s.value for s in Status] == ISSUE_STATUSES


def test_every_action_is_in_the_table_and_has_a_label():
    assert set(TRANSITIONS) == set(Action)
    assert set(LABELS) == set(Action)
    for sources, target in TRANSITIONS.values():
        assert sources, "an action nobody can take"
        assert sources <= set(Status)
        assert target is None or target in Status


def test_every_status_is_reachable_from_draft():
    edges: dict[Status, set[Status]] = {s: set() for s in Status}
    for action, (sources, target) in TRANSITIONS.items():
        for source in sources:
            landing = target or SERVICE_DECIDED.get((action, source), source)
            edges[source].add(landing)
    seen = {Status.DRAFT}
    queue = deque([Status.DRAFT])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert seen == set(Status)


def test_terminal_statuses_allow_nothing_and_every_other_can_be_withdrawn():
    for status in Status:
        actions = allowed_actions(status)
        if status in TERMINAL:
            assert actions == [], status
        else:
            assert Action.WITHDRAW in actions, status


def test_check_transition_returns_the_target_or_says_why_not():
    assert check_transition(Status.DRAFT, Action.SUBMIT) == Status.SUBMITTED
    assert check_transition(Status.AGREEMENT_SIGNED, Action.RECORD_PAYMENT) is None
    with pytest.raises(ValidationError) as info:
        check_transition(Status.DRAFT, Action.APPROVE)
    assert info.value.messages == ["You cannot approve it: its status is Draft."]
    with pytest.raises(ValidationError) as info:
        check_transition(Status.CLOSED, Action.WITHDRAW)
    assert info.value.messages == ["You cannot withdraw it: its status is Closed."]


# --- every status x every action through the services -----------------------------------------

# Statuses in which no monitoring return can exist: only monitoring_schedule creates one, and it
# needs a signed agreement (an application never goes back to these statuses).
NO_RETURN_POSSIBLE = {
    Status.DRAFT,
    Status.SUBMITTED,
    Status.ELIGIBILITY_CHECK,
    Status.INELIGIBLE,
    Status.ASSESSED,
    Status.APPROVED,
    Status.REJECTED,
    Status.RETURNED,
}


def arrange(application_in, users, status: Status, action: Action) -> Application:
    """The application in `status`, with the records the action needs where the route allows."""
    if action == Action.RECEIVE_MONITORING:
        if status == Status.WITHDRAWN:
            return application_in(status, withdrawn_from=Status.MONITORING_DUE)
        if status == Status.PAID:  # a return scheduled before the final payment
            application = application_in(Status.AGREEMENT_SIGNED)
            services.monitoring_schedule(
                application=application, by=users.staff, due_on=today() + timedelta(30)
            )
            services.payment_record(
                application=application,
                by=users.staff,
                amount=str(application.award.amount),
                paid_on=today(),
                finance_reference="FIN-ALL",
            )
            return Application.objects.get(pk=application.pk)
        if status == Status.AGREEMENT_SIGNED:
            application = application_in(status)
            services.monitoring_schedule(
                application=application, by=users.staff, due_on=today() + timedelta(30)
            )
            return application
    return application_in(status)


def arrangement(status: Status, action: Action) -> tuple[Status, Action | None]:
    """Cases that `arrange` builds alike share one key (most only need the application in `status`)."""
    special = action == Action.RECEIVE_MONITORING and status in (
        Status.WITHDRAWN,
        Status.PAID,
        Status.AGREEMENT_SIGNED,
    )
    return (status, action if special else None)


def prepare(application: Application, users, action: Action) -> None:
    """Work an allowed action needs first (not part of what is being tested)."""
    status = application.status
    if action == Action.RECORD_PAYMENT and status in (Status.PAID, Status.MONITORING_DUE):
        # Paid in full already: a manager varies the award up so there is something to pay.
        services.award_vary(
            application=application,
            by=users.manager,
            reason="Extra coaching sessions.",
            new_amount=str(application.award.amount + Decimal("200")),
        )
    if action == Action.CLOSE:
        for item in MonitoringReturn.objects.filter(award__application=application, received_on__isnull=True):
            services.monitoring_receive(
                monitoring_return=item,
                by=users.staff,
                received_on=today(),
                beneficiaries_reached=30,
                outcomes="30 young people took part.",
                spend_confirmed=str(application.award.amount),
            )


def actor(application: Application, users, action: Action):
    if action in (Action.APPROVE, Action.REJECT, Action.RETURN, Action.VARY):
        return users.manager
    if action in (Action.START_CHECK, Action.ASSESS, Action.MARK_INELIGIBLE):
        return users.assessor
    if action == Action.WITHDRAW and Award.objects.filter(application=application).exists():
        return users.manager  # withdrawing an award is a manager's decision
    return users.staff


def assess_kwargs(in_area: bool) -> dict:
    return {
        "in_area": in_area,
        "constituted": True,
        "plan_aligned": True,
        "recommendation": "fund_in_full",
        "reasons": "Meets the criteria.",
        "no_conflict_confirmed": True,
    }


def perform(application: Application, by, action: Action):
    a = application
    match action:
        case Action.EDIT:
            return services.application_update(application=a, by=by, project_title="Boxing and mentoring")
        case Action.SUBMIT:
            return services.application_submit(application=a, by=by)
        case Action.START_CHECK:
            return services.application_start_check(application=a, by=by)
        case Action.MARK_INELIGIBLE:
            return services.application_assess(application=a, by=by, **assess_kwargs(in_area=False))
        case Action.ASSESS:
            return services.application_assess(application=a, by=by, **assess_kwargs(in_area=True))
        case Action.APPROVE:
            return services.application_approve(application=a, by=by, amount="1000")
        case Action.REJECT:
            return services.application_reject(application=a, by=by, reason="Outside the fund's priorities.")
        case Action.RETURN:
            return services.application_return(application=a, by=by, missing="Latest accounts.")
        case Action.SIGN_AGREEMENT:
            return services.agreement_sign(application=a, by=by, signed_on=today())
        case Action.RECORD_PAYMENT:
            return services.payment_record(
                application=a, by=by, amount="100", paid_on=today(), finance_reference="FIN-PART"
            )
        case Action.SCHEDULE_MONITORING:
            return services.monitoring_schedule(application=a, by=by, due_on=today() + timedelta(days=60))
        case Action.RECEIVE_MONITORING:
            item = MonitoringReturn.objects.filter(award__application=a).order_by("pk").first()
            return services.monitoring_receive(
                monitoring_return=item,
                by=by,
                received_on=today(),
                beneficiaries_reached=12,
                outcomes="12 young people attended.",
                spend_confirmed="0",
            )
        case Action.VARY:
            return services.award_vary(
                application=a,
                by=by,
                reason="Project runs longer.",
                new_end=a.planned_end + timedelta(days=30),
            )
        case Action.CLOSE:
            return services.application_close(application=a, by=by)
        case Action.WITHDRAW:
            return services.application_withdraw(application=a, by=by, reason="The group has folded.")
    raise AssertionError(f"no service for {action}")


def expected_status(status: Status, action: Action) -> Status:
    target = TRANSITIONS[action][1]
    if target is not None:
        return target
    if action == Action.SCHEDULE_MONITORING:
        return SERVICE_DECIDED.get((action, status), status)
    return status  # edit, part payment, monitoring received, variation: status kept


TRACKED = [
    Application,
    Assessment,
    ConflictDeclaration,
    Decision,
    Award,
    Payment,
    MonitoringReturn,
    Variation,
]


def snapshot(application: Application) -> dict:
    state = {model.__name__: model.objects.count() for model in TRACKED}
    state.update({f"{model.__name__} history": model.history.count() for model in TRACKED})
    fresh = Application.objects.get(pk=application.pk)
    state["status"] = fresh.status
    state["application"] = (fresh.project_title, fresh.planned_end, fresh.updated_at)
    state["awards"] = list(
        Award.objects.order_by("pk").values_list(
            "amount", "agreement_signed_on", "released_amount", "recovered_amount", "withdrawn_on"
        )
    )
    state["returns received"] = list(
        MonitoringReturn.objects.order_by("pk").values_list("received_on", flat=True)
    )
    return state


def refusal_message(status: Status, action: Action) -> str:
    # Marking ineligible is the outcome of an assessment, so the assess service says why not.
    label_action = Action.ASSESS if action == Action.MARK_INELIGIBLE else action
    return f"You cannot {LABELS[label_action]}: its status is {Status(status).label}."


PAIRS = [pytest.param(s, a, id=f"{s.value}-{a.value}") for s in Status for a in Action]


@pytest.mark.django_db
class TestStatusActionMatrix:
    @pytest.fixture(scope="class")
    def arranged(self, django_db_setup, django_db_blocker):
        """The users and every arrangement the matrix needs, built once for the 200-odd cases.

        Each case reads its application afresh and acts on it inside its own transaction, rolled
        back after, so it starts from the application exactly as `arrange` left it. All is rolled
        back after the class (the module's other tests make their own fund year). `snapshot`
        counts the other cases' applications too, alike before and after.
        """
        with module_rows(django_db_blocker):
            users = build_grants_users(make_user)
            fund_year = build_fund_year(users.manager)
            line = fund_year.lines.get(area__name="Birmingham")
            organisation = organisation_maker(users.staff)(name="Bordesley Green Boxing Club")
            application_in = ApplicationBuilder(
                users, application_maker(users.staff, fund_year, line, organisation)
            )
            built: dict[tuple[Status, Action | None], int] = {}
            for status in Status:
                for action in Action:
                    key = arrangement(status, action)
                    if key not in built:
                        built[key] = arrange(application_in, users, status, action).pk
            with django_db_blocker.block():
                yield users, built

    @pytest.mark.parametrize(("status", "action"), PAIRS)
    def test_status_action_matrix(self, arranged, status, action):
        users, built = arranged
        application = Application.objects.get(pk=built[arrangement(status, action)])
        sources, _ = TRANSITIONS[action]
        by = actor(application, users, action)

        if status in sources:
            prepare(application, users, action)
            before_history = application.history.count()
            perform(application, by, action)
            application.refresh_from_db()
            target = expected_status(status, action)
            assert application.status == target
            if target != status:  # a state change records who and why
                latest = application.history.latest("history_date", "history_id")
                assert application.history.count() > before_history
                assert latest.status == target
                assert latest.history_user == by
                assert latest.history_change_reason
            return

        if action == Action.RECEIVE_MONITORING and status in NO_RETURN_POSSIBLE:
            # Nothing to record a return against: none exists, and none can be scheduled now.
            assert not MonitoringReturn.objects.filter(award__application=application).exists()
            before = snapshot(application)
            with pytest.raises(ValidationError) as info:
                perform(application, users.staff, Action.SCHEDULE_MONITORING)
            assert info.value.messages == [refusal_message(status, Action.SCHEDULE_MONITORING)]
            assert snapshot(application) == before
            return

        before = snapshot(application)
        with pytest.raises(ValidationError) as info:
            perform(application, by, action)
        assert info.value.messages == [refusal_message(status, action)]
        assert snapshot(application) == before


# --- the targets the services decide -----------------------------------------------------------


def pay(application, users, amount, reference="FIN-1"):
    return services.payment_record(
        application=application, by=users.staff, amount=amount, paid_on=today(), finance_reference=reference
    )


def test_part_payment_keeps_agreement_signed_and_the_final_payment_makes_it_paid(
    application_in, grants_users
):
    application = application_in(Status.AGREEMENT_SIGNED, amount_requested=Decimal("1500"))
    pay(application, grants_users, "600")
    application.refresh_from_db()
    assert application.status == Status.AGREEMENT_SIGNED
    pay(application, grants_users, "900", reference="FIN-2")
    application.refresh_from_db()
    assert application.status == Status.PAID
    latest = application.history.latest("history_date", "history_id")
    assert latest.history_change_reason == "Paid in full (£1,500)"


def test_paying_in_full_in_one_payment_makes_it_paid(application_in, grants_users):
    application = application_in(Status.AGREEMENT_SIGNED)
    pay(application, grants_users, str(application.award.amount))
    application.refresh_from_db()
    assert application.status == Status.PAID


def test_scheduling_monitoring_moves_paid_to_monitoring_due_but_not_agreement_signed(
    application_in, grants_users
):
    signed = application_in(Status.AGREEMENT_SIGNED)
    paid = application_in(Status.PAID)
    for application in (signed, paid):
        services.monitoring_schedule(
            application=application, by=grants_users.staff, due_on=today() + timedelta(90)
        )
    signed.refresh_from_db()
    paid.refresh_from_db()
    assert signed.status == Status.AGREEMENT_SIGNED
    assert paid.status == Status.MONITORING_DUE


def test_paying_a_variation_in_monitoring_due_keeps_the_status(application_in, grants_users):
    application = application_in(Status.MONITORING_DUE)
    services.award_vary(
        application=application, by=grants_users.manager, reason="More sessions.", new_amount="1700"
    )
    pay(application, grants_users, "200", reference="FIN-VAR")
    application.refresh_from_db()
    assert application.status == Status.MONITORING_DUE
    assert sum(p.amount for p in Payment.objects.filter(award__application=application)) == Decimal("1700.00")


def test_returned_application_is_resubmitted_and_the_missing_note_cleared(application_in, grants_users):
    application = application_in(Status.RETURNED)
    assert application.returned_reason == "A copy of the constitution."
    services.application_submit(application=application, by=grants_users.staff)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.returned_reason == ""


A = Action
AFTER_AWARD = {A.RECORD_PAYMENT, A.SCHEDULE_MONITORING, A.RECEIVE_MONITORING, A.VARY, A.WITHDRAW}
ALLOWED_BY_HAND = {
    Status.DRAFT: {A.EDIT, A.SUBMIT, A.WITHDRAW},
    Status.SUBMITTED: {A.EDIT, A.START_CHECK, A.WITHDRAW},
    Status.ELIGIBILITY_CHECK: {A.EDIT, A.MARK_INELIGIBLE, A.ASSESS, A.WITHDRAW},
    Status.INELIGIBLE: set(),
    Status.ASSESSED: {A.APPROVE, A.REJECT, A.RETURN, A.WITHDRAW},
    Status.APPROVED: {A.SIGN_AGREEMENT, A.VARY, A.WITHDRAW},
    Status.REJECTED: set(),
    Status.RETURNED: {A.EDIT, A.SUBMIT, A.WITHDRAW},
    Status.AGREEMENT_SIGNED: AFTER_AWARD,
    Status.PAID: AFTER_AWARD,
    Status.MONITORING_DUE: AFTER_AWARD | {A.CLOSE},
    Status.CLOSED: set(),
    Status.WITHDRAWN: set(),
}


@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
def test_allowed_actions_are_the_ones_the_issue_describes(status):
    """The issue's workflow written out by hand, compared with what the table allows."""
    assert set(allowed_actions(status)) == ALLOWED_BY_HAND[status]


# --- history: who and why, for every state change ---------------------------------------------------


def test_the_happy_path_records_who_did_each_step_and_why(make_application, grants_users):
    users = grants_users
    staff, assessor, manager = users.staff, users.assessor, users.manager
    application = make_application(amount_requested="1500")
    services.application_submit(application=application, by=staff)
    services.application_start_check(application=application, by=assessor)
    services.application_assess(application=application, by=assessor, **assess_kwargs(in_area=True))
    services.application_approve(application=application, by=manager, amount="1500")
    services.agreement_sign(application=application, by=users.other_staff, signed_on=today())
    pay(application, users, "500", reference="FIN-1")
    pay(application, users, "1000", reference="FIN-2")
    due = today() + timedelta(days=90)
    item = services.monitoring_schedule(application=application, by=staff, due_on=due)
    services.monitoring_receive(
        monitoring_return=item,
        by=assessor,
        received_on=today(),
        beneficiaries_reached=38,
        outcomes="38 young people attended.",
        spend_confirmed="1500",
    )
    services.application_close(application=application, by=users.other_staff)

    rows = application.history.order_by("history_date", "history_id")
    assert [(r.status, r.history_change_reason, r.history_user) for r in rows] == [
        (Status.DRAFT, "Application entered", staff),
        (Status.SUBMITTED, "Submitted", staff),
        (Status.ELIGIBILITY_CHECK, "Eligibility check started", assessor),
        (Status.ASSESSED, "Assessed: Fund in full", assessor),
        (Status.APPROVED, "Approved £1,500", manager),
        (Status.AGREEMENT_SIGNED, "Agreement signed", users.other_staff),
        (Status.AGREEMENT_SIGNED, "Payment of £500 recorded", staff),
        (Status.PAID, "Paid in full (£1,500)", staff),
        (Status.MONITORING_DUE, f"Monitoring due {due:%d/%m/%Y}", staff),
        (Status.CLOSED, "Closed", users.other_staff),
    ]
    assert [r.history_type for r in rows] == ["+"] + ["~"] * 9
    award = Award.objects.get(application=application)
    assert [
        (r.history_change_reason, r.history_user)
        for r in award.history.order_by("history_date", "history_id")
    ] == [
        ("Awarded £1,500", manager),
        ("Agreement signed", users.other_staff),
    ]
    received = item.history.order_by("history_date", "history_id").last()
    assert (received.history_change_reason, received.history_user) == ("Monitoring return received", assessor)
    assert all(p.history.get().history_user == staff for p in Payment.objects.all())


@pytest.mark.parametrize(
    ("status", "decide", "reason"),
    [
        (Status.ASSESSED, "reject", "Rejected"),
        (Status.ASSESSED, "return", "Returned for more information"),
        (Status.ELIGIBILITY_CHECK, "ineligible", "Ineligible: project is in the force area"),
        (Status.APPROVED, "withdraw", "Withdrawn: The group has folded."),
    ],
)
def test_side_branches_record_who_and_why(application_in, grants_users, status, decide, reason):
    application = application_in(status)
    action = {
        "reject": Action.REJECT,
        "return": Action.RETURN,
        "ineligible": Action.MARK_INELIGIBLE,
        "withdraw": Action.WITHDRAW,
    }[decide]
    by = actor(application, grants_users, action)
    perform(application, by, action)
    latest = application.history.latest("history_date", "history_id")
    assert (latest.status, latest.history_change_reason, latest.history_user) == (
        TRANSITIONS[action][1],
        reason,
        by,
    )


# --- nothing half-written --------------------------------------------------------------------------


def test_an_approval_that_fails_after_writing_leaves_nothing(application_in, grants_users, monkeypatch):
    """Fault injected after the decision and award rows are written: the whole approval rolls back."""
    application = application_in(Status.ASSESSED)
    before = snapshot(application)

    def fail(*args, **kwargs):
        raise ValidationError("Simulated failure while changing status.")

    monkeypatch.setattr("grants.services.applications.set_status", fail)
    with pytest.raises(ValidationError):
        services.application_approve(application=application, by=grants_users.manager, amount="1500")
    assert snapshot(application) == before
    assert not Decision.objects.exists()
    assert not Award.objects.exists()


def test_a_withdrawal_that_fails_after_releasing_money_leaves_the_award_as_it_was(
    application_in, grants_users, monkeypatch
):
    application = application_in(Status.AGREEMENT_SIGNED)
    before = snapshot(application)

    def fail(*args, **kwargs):
        raise ValidationError("Simulated failure while changing status.")

    monkeypatch.setattr("grants.services.awards.set_status", fail)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, by=grants_users.manager, reason="Folded.")
    assert snapshot(application) == before
    award = Award.objects.get(application=application)
    assert (award.released_amount, award.withdrawn_on) == (Decimal("0.00"), None)


def test_an_over_budget_approval_leaves_no_decision_or_award(application_in, grants_users, fund_year):
    line = services.allocation_line_set(
        fund_year=fund_year, area=area("Solihull"), amount="1499.99", by=grants_users.manager
    )
    application = application_in(Status.ASSESSED, allocation_line=line)
    before = snapshot(application)
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=application, by=grants_users.manager, amount="1500")
    assert info.value.messages == ["Not enough left in Solihull: £1,499.99 remaining."]
    assert snapshot(application) == before
    assert not Decision.objects.exists()
    assert not Award.objects.exists()
