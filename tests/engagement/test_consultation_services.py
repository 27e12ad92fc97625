"""Consultation services: dates in order, phases (numbers unique, dates, counts), results, and the
totals computed from the phases in the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import Consultation, ConsultationPhase, ConsultationResult
from engagement.services import (
    consultation_create,
    consultation_update,
    phase_add,
    phase_delete,
    phase_update,
    result_add,
    result_delete,
)
from engagement.services.consultations import consultation_totals, with_totals
from tests.engagement.event_support import make_consultation

pytestmark = pytest.mark.django_db

OPENS = dt.date(2021, 1, 4)


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return getattr(exc.value, "message_dict", {"__all__": exc.value.messages})


def phase(consultation, by, number, **fields):
    values = {
        "number": number,
        "phase_type": "survey",
        "title": f"Phase {number}",
        "starts_on": consultation.opens_on,
        "ends_on": consultation.closes_on,
        "measure": "responses",
        "count": 0,
    } | fields
    return phase_add(consultation=consultation, by=by, **values)


@pytest.fixture
def plan(eng_users):
    return consultation_create(
        by=eng_users.staff,
        title="Police and Crime Plan 2021",
        purpose="plan",
        opens_on=OPENS,
        closes_on=dt.date(2021, 11, 30),
    )


def test_totals_are_summed_from_the_phases_by_measure(eng_users, plan, django_assert_num_queries):
    by = eng_users.staff
    phase(plan, by, 1, count=1_200)
    phase(plan, by, 2, count=350, measure="attendees", phase_type="roundtable")
    third = phase(plan, by, 3, count=4_000)
    other = make_consultation(by=by, phases=3)  # 100 + 200 responses, 300 attendees
    empty = consultation_create(by=by, title="Youth survey", purpose="youth", opens_on=OPENS, closes_on=OPENS)
    assert consultation_totals(plan) == {"responses": 5_200, "attendees": 350}
    phase_update(phase=third, by=by, count=4_100)
    assert consultation_totals(plan) == {"responses": 5_300, "attendees": 350}
    phase_delete(phase=third, by=by)
    assert consultation_totals(plan) == {"responses": 1_200, "attendees": 350}
    with django_assert_num_queries(1):
        rows = {c.pk: (c.total_responses, c.total_attendees) for c in with_totals()}
    assert rows == {plan.pk: (1_200, 350), other.pk: (300, 300), empty.pk: (0, 0)}
    assert ConsultationPhase.history.filter(history_type="-").get().history_user == by


def test_consultation_dates_and_report(eng_users, plan):
    by = eng_users.staff
    with pytest.raises(ValidationError) as exc:
        consultation_update(consultation=plan, by=by, closes_on=dt.date(2020, 12, 31))
    assert "on or after the opening date" in errors_of(exc)["closes_on"][0]
    with pytest.raises(ValidationError) as exc:
        consultation_update(consultation=plan, by=by, report_published_on=dt.date(2022, 1, 1))
    assert "web address" in errors_of(exc)["report_url"][0]
    with pytest.raises(ValidationError) as exc:
        consultation_update(consultation=plan, by=by, report_url="javascript:alert(1)")
    assert "https://" in errors_of(exc)["report_url"][0]
    with pytest.raises(ValidationError) as exc:
        consultation_update(
            consultation=plan,
            by=by,
            report_url="https://example.org/r",
            report_published_on=dt.date(2020, 1, 1),
        )
    assert "before the consultation opened" in errors_of(exc)["report_published_on"][0]
    with pytest.raises(ValidationError) as exc:
        consultation_update(consultation=plan, by=by, purpose="party")
    assert "purpose" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        consultation_update(consultation=plan, by=by, title="Plan \u202e")
    assert "direction control" in errors_of(exc)["title"][0]
    plan.refresh_from_db()
    assert plan.closes_on == dt.date(2021, 11, 30) and not plan.report_url and plan.purpose == "plan"
    done = consultation_update(
        consultation=plan, by=by, report_url="https://example.org/r", report_published_on=dt.date(2022, 1, 1)
    )
    assert done.report_published_on == dt.date(2022, 1, 1)
    assert done.history.latest().history_change_reason == "Details edited"


def test_phase_rules(eng_users, plan):
    by = eng_users.staff
    first = phase(plan, by, 1, count=10)
    with pytest.raises(ValidationError) as exc:
        phase(plan, by, 1)
    assert "Phase 1 already exists" in errors_of(exc)["number"][0]
    with pytest.raises(ValidationError) as exc:
        phase(plan, by, 2, starts_on=dt.date(2021, 3, 1), ends_on=dt.date(2021, 2, 1))
    assert "on or after the start date" in errors_of(exc)["ends_on"][0]
    with pytest.raises(ValidationError) as exc:  # wholly after the consultation
        phase(plan, by, 2, starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 2, 1))
    assert "within or overlap" in errors_of(exc)["starts_on"][0]
    overlapping = phase(plan, by, 2, starts_on=dt.date(2020, 12, 1), ends_on=dt.date(2021, 1, 10))
    assert overlapping.pk
    for bad, key in (
        ({"count": -1}, "count"),
        ({"count": 10_000_001}, "count"),
        ({"number": 0}, "number"),
        ({"number": 100}, "number"),
        ({"measure": "likes"}, "measure"),
        ({"phase_type": "party"}, "phase_type"),
        ({"title": ""}, "title"),
        ({"title": "a\x00b"}, "title"),
    ):
        with pytest.raises(ValidationError) as exc:
            phase(plan, by, **({"number": 3} | bad))
        assert key in errors_of(exc), bad
    with pytest.raises(ValidationError) as exc:  # renumbering onto another phase
        phase_update(phase=overlapping, by=by, number=1)
    assert "already exists" in errors_of(exc)["number"][0]
    assert list(plan.phases.values_list("number", "count")) == [(1, 10), (2, 0)]
    assert phase_update(phase=first, by=by, number=5).number == 5


def test_results_and_deleting(eng_users, plan):
    by = eng_users.staff
    survey = phase(plan, by, 1)
    kept = result_add(
        consultation=plan, by=by, metric="Support a rise", value=Decimal("66.5"), unit="percent", phase=survey
    )
    assert result_add(
        consultation=plan, by=by, metric="Responses online", value=Decimal("4000"), unit="count"
    ).pk
    for value, unit, words in (
        (Decimal("100.01"), "percent", "0 to 100"),
        (Decimal("-1"), "count", "negative"),
        (Decimal("1e11"), "count", "less than"),
        (Decimal("NaN"), "count", "as a number"),
    ):
        with pytest.raises(ValidationError) as exc:
            result_add(consultation=plan, by=by, metric="Bad", value=value, unit=unit)
        assert words in errors_of(exc)["value"][0]
    with pytest.raises(ValidationError) as exc:
        result_add(consultation=plan, by=by, metric="Bad", value=Decimal(1), unit="furlongs")
    assert "unit" in errors_of(exc)
    other = make_consultation(by=by, phases=1)
    with pytest.raises(ValidationError) as exc:
        result_add(consultation=plan, by=by, metric="Bad", value=Decimal(1), phase=other.phases.get())
    assert "this consultation" in errors_of(exc)["phase"][0]
    with pytest.raises(ValidationError, match="results of this phase first"):
        phase_delete(phase=survey, by=by)
    result_delete(result=kept, by=by)
    phase_delete(phase=survey, by=by)
    assert not plan.phases.exists()
    assert list(plan.results.values_list("metric", flat=True)) == ["Responses online"]


def test_only_office_staff_write(eng_users, plan):
    first = phase(plan, eng_users.staff, 1)
    result = result_add(consultation=plan, by=eng_users.staff, metric="Support", value=Decimal(1))
    for user in (eng_users.administrator, eng_users.grants_manager, eng_users.coordinator, eng_users.reports):
        calls = (
            lambda user=user: consultation_create(
                by=user, title="X", purpose="plan", opens_on=OPENS, closes_on=OPENS
            ),
            lambda user=user: consultation_update(consultation=plan, by=user, title="X"),
            lambda user=user: phase(plan, user, 2),
            lambda user=user: phase_update(phase=first, by=user, count=9),
            lambda user=user: phase_delete(phase=first, by=user),
            lambda user=user: result_add(consultation=plan, by=user, metric="X", value=Decimal(1)),
            lambda user=user: result_delete(result=result, by=user),
        )
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert Consultation.objects.count() == 1
    assert plan.phases.get().count == 0 and ConsultationResult.objects.count() == 1
