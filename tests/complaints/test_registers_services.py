"""The register services: every stage x every action of the dip sample table, the date rules, who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.models import DipSample, LongInvestigation
from complaints.services import registers as services
from complaints.services.registers import STAGE_TABLE, Act
from opcc.core import roles
from tests.complaints.test_registers_support import investigation, recommendation, sample

pytestmark = pytest.mark.django_db
Stage = DipSample.Stage

EXPECTED = {  # act: {stage it may run in: stage afterwards}
    Act.EDIT: {
        Stage.PLANNED: Stage.PLANNED,
        Stage.FIELDWORK: Stage.FIELDWORK,
        Stage.REPORTED: Stage.REPORTED,
    },
    Act.START_FIELDWORK: {Stage.PLANNED: Stage.FIELDWORK},
    Act.REPORT: {Stage.FIELDWORK: Stage.REPORTED},
    Act.ADD_RECOMMENDATION: {Stage.REPORTED: Stage.REPORTED},
    Act.FOLLOW_UP: {Stage.REPORTED: Stage.REPORTED},
    Act.COMPLETE_RECOMMENDATION: {Stage.REPORTED: Stage.REPORTED},
    Act.CLOSE: {Stage.REPORTED: Stage.CLOSED},
}


@pytest.fixture
def staff(make_user):
    return make_user(roles.OFFICE_STAFF)


def run(act: Act, s: DipSample, by):
    """Call the service for `act` on sample `s` (a recommendation made first where one is needed)."""
    today = timezone.localdate()
    if act == Act.EDIT:
        return services.dip_sample_update(sample=s, by=by, theme="Incivility")
    if act == Act.START_FIELDWORK:
        return services.dip_sample_start_fieldwork(sample=s, by=by)
    if act == Act.REPORT:
        return services.dip_sample_report(sample=s, by=by, findings="Found things.", reported_on=today)
    if act == Act.ADD_RECOMMENDATION:
        return services.recommendation_add(sample=s, by=by, recommendation="Do better.", due_on=None)
    if act == Act.FOLLOW_UP:
        return services.recommendation_follow_up(action=recommendation(s), by=by, follow_up="Chased.")
    if act == Act.COMPLETE_RECOMMENDATION:
        return services.recommendation_complete(action=recommendation(s), by=by, completed_on=today)
    return services.dip_sample_close(sample=s, by=by)


def test_the_stage_table_is_the_one_the_tests_expect():
    assert {
        act: dict.fromkeys(step.allowed_in) for act, step in STAGE_TABLE.items()
    }.keys() == EXPECTED.keys()
    for act, step in STAGE_TABLE.items():
        assert set(step.allowed_in) == set(EXPECTED[act]), act


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("act", list(Act))
def test_every_stage_and_action(stage, act, staff):
    s = sample(month=dt.date(2024, 1, 1), stage=stage)
    if stage not in EXPECTED[act]:
        with pytest.raises(ValidationError, match="You cannot"):
            run(act, s, staff)
        s.refresh_from_db()
        assert s.stage == stage
        return
    written = run(act, s, staff)
    s.refresh_from_db()
    assert s.stage == EXPECTED[act][stage]
    assert written.history.latest().history_user == staff


def test_close_needs_every_recommendation_complete(staff):
    s = sample(month=dt.date(2024, 1, 1), stage=Stage.REPORTED)
    open_one = recommendation(s)
    recommendation(s, completed_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="1 is still open"):
        services.dip_sample_close(sample=s, by=staff)
    services.recommendation_complete(action=open_one, by=staff, completed_on=timezone.localdate())
    assert services.dip_sample_close(sample=s, by=staff).stage == Stage.CLOSED


def test_follow_ups_are_kept_dated_and_a_completed_one_is_final(staff):
    s = sample(month=dt.date(2024, 1, 1), stage=Stage.REPORTED)
    action = recommendation(s, due_on=dt.date(2024, 6, 30))
    services.recommendation_follow_up(action=action, by=staff, follow_up="First chase.")
    after = services.recommendation_follow_up(
        action=action, by=staff, follow_up="Second.", due_on=dt.date(2025, 1, 31)
    )
    today = f"{timezone.localdate():%d/%m/%Y}"
    assert after.follow_up == f"{today}: First chase.\n{today}: Second."
    assert after.due_on == dt.date(2025, 1, 31)
    services.recommendation_complete(action=action, by=staff, completed_on=timezone.localdate())
    with pytest.raises(ValidationError, match="was completed on"):
        services.recommendation_follow_up(action=action, by=staff, follow_up="Again.")
    with pytest.raises(ValidationError, match="Enter what the follow-up found"):
        services.recommendation_follow_up(action=recommendation(s), by=staff, follow_up="  ")


def test_a_planned_month_may_be_ahead_but_not_once_fieldwork_starts(staff):
    today = timezone.localdate()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    planned = services.dip_sample_create(
        by=staff, month=next_month, scope="complaints", theme="Incivility", cases_examined=20
    )
    with pytest.raises(ValidationError) as caught:
        services.dip_sample_start_fieldwork(sample=planned, by=staff)
    assert "month" in caught.value.message_dict
    far = dt.date(today.year + 2, 1, 1)
    with pytest.raises(ValidationError, match="at most 12 months ahead"):
        services.dip_sample_create(by=staff, month=far, scope="complaints", theme="X", cases_examined=1)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cases_examined": -1}, "cases_examined"),
        ({"cases_examined": 10**12}, "cases_examined"),
        ({"theme": "x" * 121}, "theme"),
        ({"theme": "a\x00b"}, "theme"),
        ({"scope": "traffic"}, "scope"),
        ({"month": dt.date(2024, 7, 15)}, "month"),
    ],
)
def test_dip_sample_bad_values_are_refused_by_field(staff, fields, field):
    data = {"month": dt.date(2024, 7, 1), "scope": "complaints", "theme": "Incivility", "cases_examined": 10}
    with pytest.raises(ValidationError) as caught:
        services.dip_sample_create(by=staff, **{**data, **fields})
    assert field in caught.value.message_dict
    assert not DipSample.objects.exists()


def test_report_date_rules(staff):
    s = sample(month=dt.date(2024, 7, 1), stage=Stage.FIELDWORK)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for day, words in ((tomorrow, "future"), (dt.date(2024, 6, 30), "before the month")):
        with pytest.raises(ValidationError, match=words):
            services.dip_sample_report(sample=s, by=staff, findings="F", reported_on=day)
    with pytest.raises(ValidationError, match="Enter the findings"):
        services.dip_sample_report(sample=s, by=staff, findings=" ", reported_on=dt.date(2024, 8, 1))


def test_investigation_dates(staff):
    today = timezone.localdate()
    good = {
        "force_reference": "PSD/2024/0001",
        "started_on": dt.date(2023, 1, 10),
        "notified_on": dt.date(2024, 2, 1),
        "reason_for_delay": "Forensics.",
    }
    inv = services.investigation_create(by=staff, **good)
    assert inv.history.latest().history_change_reason == "Notice of an investigation over 12 months"
    bad = [
        ({"notified_on": today + dt.timedelta(days=1)}, "notified_on"),
        ({"notified_on": dt.date(2022, 12, 1)}, "notified_on"),
        ({"closed_on": dt.date(2024, 1, 1)}, "closed_on"),
        ({"report_received_on": dt.date(2022, 1, 1)}, "report_received_on"),
        ({"reason_for_delay": ""}, "reason_for_delay"),
        ({"force_reference": "x" * 41}, "force_reference"),
    ]
    for fields, field in bad:
        with pytest.raises(ValidationError) as caught:
            services.investigation_create(by=staff, **{**good, **fields})
        assert field in caught.value.message_dict, fields
    done = services.investigation_update(investigation=inv, by=staff, report_received_on=dt.date(2024, 3, 1))
    assert done.history.latest().history_change_reason == "Force's report received"
    done = services.investigation_update(investigation=inv, by=staff, closed_on=dt.date(2024, 4, 1))
    assert done.history.latest().history_change_reason == "Investigation concluded"
    assert LongInvestigation.objects.count() == 1


def test_months_elapsed():
    assert services.months_elapsed(dt.date(2023, 1, 31), dt.date(2024, 1, 30)) == 11
    assert services.months_elapsed(dt.date(2023, 1, 31), dt.date(2024, 1, 31)) == 12
    assert services.months_elapsed(dt.date(2023, 3, 1), dt.date(2024, 4, 15)) == 13
    assert services.months_elapsed(None, dt.date(2024, 4, 15)) is None


@pytest.mark.parametrize("role", [roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS, None])
def test_only_the_complaints_roles_may_write(make_user, role):
    user = make_user(*([role] if role else []))
    with pytest.raises(PermissionDenied):
        services.dip_sample_create(
            by=user, month=dt.date(2024, 7, 1), scope="complaints", theme="X", cases_examined=1
        )
    with pytest.raises(PermissionDenied):
        services.investigation_update(investigation=investigation(), by=user, closed_on=None)
    with pytest.raises(PermissionDenied):
        services.dip_sample_start_fieldwork(sample=sample(), by=user)


@pytest.mark.parametrize("role", [roles.OFFICE_STAFF, roles.REVIEWS_MANAGER])
def test_office_staff_and_reviews_managers_may(make_user, role):
    user = make_user(role)
    s = services.dip_sample_create(
        by=user, month=dt.date(2024, 7, 1), scope="vetting", theme="X", cases_examined=3
    )
    assert services.dip_sample_start_fieldwork(sample=s, by=user).stage == Stage.FIELDWORK
