"""Consultations the office runs, their phases and their headline results.

A consultation's totals (responses, attendees) are never typed: they are the sums of its phases'
counts, computed in the database (`consultation_totals`, and the list's subqueries). A phase's
number is unique within its consultation: the consultation's row is locked while a phase is added
or renumbered, so two people adding "phase 3" at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.models import (
    Consultation,
    ConsultationPhase,
    ConsultationResult,
    Measure,
    PhaseType,
    Purpose,
)
from opcc.core.dates import long_date
from opcc.core.services import save

from .common import require_recorder, text

EARLIEST = dt.date(2000, 1, 1)
MAX_COUNT = 10_000_000
MAX_PHASES = 99
MAX_VALUE = Decimal("9999999999.99")
UNITS = ("percent", "count")
CONSULTATION_FIELDS = (
    "title",
    "purpose",
    "opens_on",
    "closes_on",
    "summary",
    "report_url",
    "report_published_on",
)
PHASE_FIELDS = ("number", "phase_type", "title", "starts_on", "ends_on", "measure", "count")


# --- reads: totals from the phases -----------------------------------------------------------------


def _phase_sum(measure: str):
    summed = (
        ConsultationPhase.objects.filter(consultation=OuterRef("pk"), measure=measure)
        .order_by()
        .values("consultation")
        .annotate(n=Sum("count"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def with_totals(queryset: QuerySet | None = None) -> QuerySet:
    """Consultations with `total_responses` and `total_attendees` summed from their phases (one query)."""
    queryset = Consultation.objects.all() if queryset is None else queryset
    return queryset.annotate(
        total_responses=_phase_sum(Measure.RESPONSES), total_attendees=_phase_sum(Measure.ATTENDEES)
    )


def consultation_totals(consultation: Consultation) -> dict[str, int]:
    totals = consultation.phases.aggregate(
        responses=Coalesce(Sum("count", filter=Q(measure=Measure.RESPONSES)), 0),
        attendees=Coalesce(Sum("count", filter=Q(measure=Measure.ATTENDEES)), 0),
    )
    return {"responses": totals["responses"], "attendees": totals["attendees"]}


# --- consultations ---------------------------------------------------------------------------------


def _check_day(day, *, field: str, what: str) -> None:
    if not isinstance(day, dt.date) or day < EARLIEST:
        raise ValidationError({field: f"Enter the {what} as a date from 1 January 2000 onwards."})


def _apply_consultation(consultation: Consultation, fields: dict) -> None:
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultation fields: {', '.join(sorted(unknown))}")
    if "title" in fields:
        fields["title"] = text(fields["title"], field="title", what="the title", required=True, limit=200)
    if "summary" in fields:
        fields["summary"] = text(fields["summary"], field="summary", what="the summary")
    if "report_url" in fields:
        fields["report_url"] = (fields["report_url"] or "").strip()
        if fields["report_url"] and not fields["report_url"].lower().startswith(("https://", "http://")):
            raise ValidationError({"report_url": "Enter the report's web address, starting https://"})
    if "purpose" in fields and fields["purpose"] not in Purpose.values:
        raise ValidationError({"purpose": "Choose the consultation's purpose."})
    for name, value in fields.items():
        setattr(consultation, name, value)
    _check_day(consultation.opens_on, field="opens_on", what="opening date")
    _check_day(consultation.closes_on, field="closes_on", what="closing date")
    if consultation.closes_on < consultation.opens_on:
        raise ValidationError(
            {
                "closes_on": f"The closing date must be on or after the opening date ({long_date(consultation.opens_on)})."
            }
        )
    published = consultation.report_published_on
    if published is not None:
        if published < consultation.opens_on:
            raise ValidationError(
                {"report_published_on": "The report cannot be published before the consultation opened."}
            )
        if published > timezone.localdate():
            raise ValidationError({"report_published_on": "The publication date cannot be in the future."})
    if consultation.report_published_on and not consultation.report_url:
        raise ValidationError({"report_url": "Enter the web address of the published report."})


@transaction.atomic
def consultation_create(
    *, by, title: str, purpose: str, opens_on: dt.date, closes_on: dt.date, **fields
) -> Consultation:
    require_recorder(by, action="record consultations")
    consultation = Consultation()
    _apply_consultation(
        consultation,
        {"title": title, "purpose": purpose, "opens_on": opens_on, "closes_on": closes_on, **fields},
    )
    return save(consultation, by=by, reason="Recorded")


@transaction.atomic
def consultation_update(*, consultation: Consultation, by, **fields) -> Consultation:
    require_recorder(by, action="edit consultations")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _apply_consultation(consultation, fields)
    return save(consultation, by=by, reason="Details edited")


# --- phases ----------------------------------------------------------------------------------------


def _apply_phase(phase: ConsultationPhase, consultation: Consultation, fields: dict) -> None:
    unknown = set(fields) - set(PHASE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown phase fields: {', '.join(sorted(unknown))}")
    if "title" in fields:
        fields["title"] = text(
            fields["title"], field="title", what="the phase's title", required=True, limit=200
        )
    if "phase_type" in fields and fields["phase_type"] not in PhaseType.values:
        raise ValidationError({"phase_type": "Choose the type of phase."})
    if "measure" in fields and fields["measure"] not in Measure.values:
        raise ValidationError({"measure": "Choose whether the phase counts responses or attendees."})
    if "number" in fields and not (isinstance(fields["number"], int) and 1 <= fields["number"] <= MAX_PHASES):
        raise ValidationError({"number": f"Enter a phase number from 1 to {MAX_PHASES}."})
    if "count" in fields and not (isinstance(fields["count"], int) and 0 <= fields["count"] <= MAX_COUNT):
        raise ValidationError({"count": f"Enter a count from 0 to {MAX_COUNT:,}."})
    for name, value in fields.items():
        setattr(phase, name, value)
    _check_day(phase.starts_on, field="starts_on", what="start date")
    _check_day(phase.ends_on, field="ends_on", what="end date")
    if phase.ends_on < phase.starts_on:
        raise ValidationError(
            {"ends_on": f"The end date must be on or after the start date ({long_date(phase.starts_on)})."}
        )
    if phase.ends_on < consultation.opens_on or phase.starts_on > consultation.closes_on:
        raise ValidationError(
            {
                "starts_on": "The phase must run within or overlap the consultation "
                f"({long_date(consultation.opens_on)} to {long_date(consultation.closes_on)})."
            }
        )
    taken = consultation.phases.filter(number=phase.number).exclude(pk=phase.pk)
    if taken.exists():
        raise ValidationError({"number": f"Phase {phase.number} already exists: choose another number."})


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _lock_phase(phase: ConsultationPhase, consultation: Consultation) -> ConsultationPhase:
    found = (
        ConsultationPhase.objects.select_for_update().filter(pk=phase.pk, consultation=consultation).first()
    )
    if found is None:  # deleted by someone else (or a double click) while this page was open
        raise ValidationError("This phase has already been deleted.")
    return found


@transaction.atomic
def phase_add(*, consultation: Consultation, by, **fields) -> ConsultationPhase:
    """Add a phase (its number unique in the consultation); the totals follow from the counts."""
    require_recorder(by, action="record consultation phases")
    consultation = _lock(consultation)
    fields.setdefault("measure", Measure.RESPONSES)
    fields.setdefault("count", 0)
    missing = {"number", "phase_type", "title", "starts_on", "ends_on"} - set(fields)
    if missing:
        raise TypeError(f"Missing phase fields: {', '.join(sorted(missing))}")
    phase = ConsultationPhase(consultation=consultation)
    _apply_phase(phase, consultation, fields)
    return save(phase, by=by, reason=f"Phase {phase.number} added")


@transaction.atomic
def phase_update(*, phase: ConsultationPhase, by, **fields) -> ConsultationPhase:
    require_recorder(by, action="edit consultation phases")
    consultation = _lock(phase.consultation)
    phase = _lock_phase(phase, consultation)
    _apply_phase(phase, consultation, fields)
    return save(phase, by=by, reason=f"Phase {phase.number} edited")


@transaction.atomic
def phase_delete(*, phase: ConsultationPhase, by) -> None:
    """Remove a phase entered in error; one its headline results refer to stays until they go."""
    require_recorder(by, action="delete consultation phases")
    consultation = _lock(phase.consultation)
    phase = _lock_phase(phase, consultation)
    if phase.results.exists():
        raise ValidationError("Delete the headline results of this phase first.")
    phase._history_user = by  # type: ignore[attr-defined]
    phase._change_reason = f"Phase {phase.number} deleted"  # type: ignore[attr-defined]
    phase.delete()


# --- headline results ------------------------------------------------------------------------------


@transaction.atomic
def result_add(
    *,
    consultation: Consultation,
    by,
    metric: str,
    value: Decimal,
    unit: str = "count",
    phase: ConsultationPhase | None = None,
) -> ConsultationResult:
    """A headline result as published: "66% in favour of a council tax rise"."""
    require_recorder(by, action="record consultation results")
    consultation = _lock(consultation)
    metric = text(metric, field="metric", what="what was measured", required=True, limit=250)
    if unit not in UNITS:
        raise ValidationError({"unit": "Choose whether the value is a percentage or a count."})
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({"value": "Enter the value as a number, like 66 or 66.5"})
    if value < 0:
        raise ValidationError({"value": "The value cannot be negative."})
    if unit == "percent" and value > 100:
        raise ValidationError({"value": "A percentage must be from 0 to 100."})
    if value > MAX_VALUE:
        raise ValidationError({"value": "Enter a value less than 10,000,000,000."})
    if phase is not None and phase.consultation_id != consultation.pk:
        raise ValidationError({"phase": "Choose a phase of this consultation."})
    result = ConsultationResult(consultation=consultation, phase=phase, metric=metric, value=value, unit=unit)
    return save(result, by=by, reason="Headline result added")


@transaction.atomic
def result_delete(*, result: ConsultationResult, by) -> None:
    require_recorder(by, action="delete consultation results")
    found = ConsultationResult.objects.select_for_update().filter(pk=result.pk).first()
    if found is None:  # deleted by someone else (or a double click) while this page was open
        raise ValidationError("This headline result has already been deleted.")
    result = found
    result._history_user = by  # type: ignore[attr-defined]
    result._change_reason = "Headline result deleted"  # type: ignore[attr-defined]
    result.delete()
