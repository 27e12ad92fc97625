"""Custody visits: recording one with its detainee counts, correcting it, and its report.

The rules live here, not only in the form, because the paper returns are typed in by hand and the
2019/20 published table shows what happens without them (a young-females row of offered 24,
accepted 27, refused minus 3). Every refusal names the cell it is about. Times are times of day on
the visit's date: a night visit may be admitted or leave after midnight, so the delay and length
are worked out modulo a day (ADR 0016) and implausible values refused ("check the times").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.services import next_reference, save
from volunteers.models import (
    CELLS,
    AgeGroup,
    ConditionItem,
    ConditionResult,
    CustodyVisit,
    Mode,
    NotOfferedReason,
    Scheme,
    Sex,
    VisitCondition,
    VisitCount,
    VisitNotOffered,
    Volunteer,
)

from .common import require_coordinator
from .eligibility import require_eligible

MAX_DELAY_MINUTES = 6 * 60
MAX_VISIT_MINUTES = 12 * 60
MAX_COUNT = 999  # more detainees than any suite holds: a typing slip, not a busy night
MAX_VISITORS = 3
MEASURES = ("detained", "offered", "accepted", "refused")
MINUTES_A_DAY = 24 * 60

Cell = tuple[str, str]
Counts = Mapping[Cell, Mapping[str, Any]]
Condition = str | tuple[str, str]


def cell_name(age_group: str, sex: str) -> str:
    """ "Young people, Females": the cell as the published table labels it."""
    return f"{AgeGroup(age_group).label}, {Sex(sex).label}"


def cell_key(age_group: str, sex: str, measure: str) -> str:
    """The error key (and form field name) of one number of the grid: "young_female_accepted"."""
    return f"{age_group}_{sex}_{measure}"


def minutes_after(start: dt.time, end: dt.time) -> int:
    """Minutes from `start` to `end` on a clock face: past midnight wraps (23:50 -> 00:10 is 20)."""
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % MINUTES_A_DAY


def time_problems(arrived_at: dt.time, admitted_at: dt.time, left_at: dt.time) -> dict[str, str]:
    """The admission delay over six hours or a visit over twelve: surely a mistyped time."""
    delay = minutes_after(arrived_at, admitted_at)
    stay = minutes_after(admitted_at, left_at)
    if delay > MAX_DELAY_MINUTES:
        return {
            "admitted_at": f"Admitted {delay // 60} hours {delay % 60} minutes after arriving: "
            "check the times (use the 24-hour clock, like 14:30)."
        }
    if stay == 0:
        return {"left_at": "The time left must be after the time admitted: check the times."}
    if delay + stay > MAX_VISIT_MINUTES:
        return {
            "left_at": f"A visit of {(delay + stay) // 60} hours {(delay + stay) % 60} minutes is longer "
            "than 12 hours: check the times (use the 24-hour clock, like 14:30)."
        }
    return {}


def _number(value: Any, *, key: str, what: str, errors: dict[str, list[str]]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(key, []).append(f"{what} must be a whole number (it is {str(value)[:20]!r}).")
        return None
    if value < 0:
        errors.setdefault(key, []).append(f"{what} cannot be negative ({value}).")
        return None
    if value > MAX_COUNT:
        errors.setdefault(key, []).append(f"{what} ({value}) is more than {MAX_COUNT}: check the count.")
        return None
    return value


def count_problems(
    counts: Counts, *, detainees_present: Any, not_offered: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Every broken rule of the detainee grid, each message naming its cell; empty when it adds up.

    Each number whole and >= 0; accepted + refused = offered; offered <= detained; the detained
    add up to the detainees present; the reasons not offered add up to no more than those not
    offered.
    """
    errors: dict[str, list[str]] = {}
    unknown = set(counts) - set(CELLS)
    if unknown or set(counts) != set(CELLS):
        return {"counts": ["Give the detained, offered, accepted and refused numbers for all six cells."]}
    detained_total, not_offered_total, whole = 0, 0, True
    for age, sex in CELLS:
        name, row = cell_name(age, sex), counts[(age, sex)]
        values = {}
        for measure in MEASURES:
            key = cell_key(age, sex, measure)
            values[measure] = _number(row.get(measure, 0), key=key, what=f"{name}: {measure}", errors=errors)
        if any(v is None for v in values.values()):
            whole = False
            continue
        detained, offered, accepted, refused = (int(values[m] or 0) for m in MEASURES)
        if accepted > offered:
            errors.setdefault(cell_key(age, sex, "accepted"), []).append(
                f"{name}: accepted ({accepted}) is more than offered ({offered})."
            )
        elif accepted + refused != offered:
            errors.setdefault(cell_key(age, sex, "refused"), []).append(
                f"{name}: accepted ({accepted}) and refused ({refused}) add up to "
                f"{accepted + refused}, not the {offered} offered."
            )
        if offered > detained:
            errors.setdefault(cell_key(age, sex, "offered"), []).append(
                f"{name}: offered ({offered}) is more than detained ({detained})."
            )
        detained_total += detained
        not_offered_total += max(detained - offered, 0)
    present = _number(detainees_present, key="detainees_present", what="Detainees present", errors=errors)
    if whole and present is not None and detained_total != present:
        errors.setdefault("detainees_present", []).append(
            f"The detained counts add up to {detained_total}, but {present} "
            f"detainee{'s were' if present != 1 else ' was'} present on arrival."
        )
    reasons_total = 0
    for reason, value in not_offered.items():
        if reason not in NotOfferedReason.values:
            errors.setdefault("not_offered", []).append(f"“{str(reason)[:40]}” is not a reason on the list.")
            continue
        label = NotOfferedReason(reason).label
        number = _number(value, key=f"not_offered_{reason}", what=f"Not offered: {label}", errors=errors)
        reasons_total += number or 0
    if whole and reasons_total > not_offered_total:
        errors.setdefault("not_offered", []).append(
            f"The reasons not offered add up to {reasons_total}, more than the {not_offered_total} "
            "detainees who were not offered a visit."
        )
    return errors


def _visitor_problems(visitors: Sequence[Volunteer], pair_exception: str) -> dict[str, str]:
    ids = [v.pk for v in visitors]
    if not ids:
        return {"visitors": "Choose the custody visitors who made the visit."}
    if len(set(ids)) != len(ids):
        return {"visitors": "The same visitor is named twice: choose two different custody visitors."}
    if len(ids) > MAX_VISITORS:
        return {"visitors": f"Name at most {MAX_VISITORS} visitors."}
    if len(ids) != 2 and not pair_exception:
        return {
            "pair_exception": f"Visits are made by two custody visitors: give the reason this one was "
            f"made by {len(ids)}."
        }
    if len(ids) == 2 and pair_exception:
        return {"pair_exception": "Leave the exception blank: the visit was made by a pair."}
    return {}


def _conditions(conditions: Mapping[str, Condition]) -> list[tuple[str, str, str]]:
    rows = []
    for item, value in conditions.items():
        result, note = (value, "") if isinstance(value, str) else value
        if item not in ConditionItem.values:
            raise ValidationError({"conditions": f"“{str(item)[:40]}” is not on the conditions checklist."})
        if result not in ConditionResult.values:
            label = ConditionItem(item).label
            raise ValidationError(
                {"conditions": f"{label}: choose satisfactory, unsatisfactory or not checked."}
            )
        rows.append((item, result, note.strip()))
    return rows


def _check(
    *,
    suite: CustodySuite,
    visited_on: dt.date,
    arrived_at: dt.time,
    admitted_at: dt.time,
    left_at: dt.time,
    mode: str,
    visitors: Sequence[Volunteer],
    pair_exception: str,
    detainees_present: Any,
    counts: Counts,
    not_offered: Mapping[str, Any],
) -> None:
    errors: dict[str, list[str]] = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = ["The date of the visit cannot be in the future."]
    elif not suite.open_on(visited_on):
        errors["suite"] = [f"{suite} custody suite was not open on {long_date(visited_on)}."]
    if mode not in Mode.values:
        errors["mode"] = ["Choose face to face or telephone."]
    for key, message in time_problems(arrived_at, admitted_at, left_at).items():
        errors.setdefault(key, []).append(message)
    for key, message in _visitor_problems(visitors, pair_exception).items():
        errors.setdefault(key, []).append(message)
    for key, messages in count_problems(
        counts, detainees_present=detainees_present, not_offered=not_offered
    ).items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    # Only once the visit itself is right: every named visitor may visit on that day.
    require_eligible(visitors, scheme=Scheme.ICV, day=visited_on, field="visitors", what="this visit")


def _write_rows(
    visit: CustodyVisit, counts: Counts, not_offered: Mapping[str, Any], conditions: Mapping[str, Condition]
) -> None:
    visit.counts.all().delete()
    visit.not_offered.all().delete()
    visit.conditions.all().delete()
    VisitCount.objects.bulk_create(
        VisitCount(visit=visit, age_group=age, sex=sex, **{m: counts[(age, sex)].get(m, 0) for m in MEASURES})
        for age, sex in CELLS
    )
    VisitNotOffered.objects.bulk_create(
        VisitNotOffered(visit=visit, reason=reason, count=number)
        for reason, number in not_offered.items()
        if number
    )
    VisitCondition.objects.bulk_create(
        VisitCondition(visit=visit, item=item, result=result, note=note)
        for item, result, note in _conditions(conditions)
    )


@transaction.atomic
def visit_record(
    *,
    by,
    suite: CustodySuite,
    visited_on: dt.date,
    arrived_at: dt.time,
    admitted_at: dt.time,
    left_at: dt.time,
    mode: str,
    visitors: Sequence[Volunteer],
    pair_exception: str = "",
    detainees_present: int,
    counts: Counts,
    not_offered: Mapping[str, int],
    conditions: Mapping[str, Condition],
    notes: str = "",
) -> CustodyVisit:
    """A visit with its counts, reasons not offered and conditions: all of it saved, or nothing."""
    require_coordinator(by, action="record custody visits")
    pair_exception = pair_exception.strip()
    _check(
        suite=suite,
        visited_on=visited_on,
        arrived_at=arrived_at,
        admitted_at=admitted_at,
        left_at=left_at,
        mode=mode,
        visitors=visitors,
        pair_exception=pair_exception,
        detainees_present=detainees_present,
        counts=counts,
        not_offered=not_offered,
    )
    _conditions(conditions)  # refused before a reference is used up
    visit = CustodyVisit(
        reference=next_reference(prefix="ICV", year=visited_on.year),
        suite=suite,
        visited_on=visited_on,
        arrived_at=arrived_at,
        admitted_at=admitted_at,
        left_at=left_at,
        admission_delay_minutes=minutes_after(arrived_at, admitted_at),
        mode=mode,
        pair_exception=pair_exception,
        detainees_present=detainees_present,
        notes=notes.strip(),
    )
    save(visit, by=by, reason="Visit recorded")
    visit.visitors.set(visitors)
    _write_rows(visit, counts, not_offered, conditions)
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: CustodyVisit,
    by,
    suite: CustodySuite,
    visited_on: dt.date,
    arrived_at: dt.time,
    admitted_at: dt.time,
    left_at: dt.time,
    mode: str,
    visitors: Sequence[Volunteer],
    pair_exception: str = "",
    detainees_present: int,
    counts: Counts,
    not_offered: Mapping[str, int],
    conditions: Mapping[str, Condition],
    notes: str = "",
) -> CustodyVisit:
    """A correction of the whole visit, checked by the same rules; its reference stays."""
    require_coordinator(by, action="change custody visits")
    visit = CustodyVisit.objects.select_for_update().get(pk=visit.pk)
    pair_exception = pair_exception.strip()
    _check(
        suite=suite,
        visited_on=visited_on,
        arrived_at=arrived_at,
        admitted_at=admitted_at,
        left_at=left_at,
        mode=mode,
        visitors=visitors,
        pair_exception=pair_exception,
        detainees_present=detainees_present,
        counts=counts,
        not_offered=not_offered,
    )
    if visited_on != visit.visited_on and visit.issues.exists():
        raise ValidationError(
            {"visited_on": "Issues were raised on this visit's date: the date cannot change now."}
        )
    if visit.report_submitted_on and visited_on > visit.report_submitted_on:
        raise ValidationError({"visited_on": "The visit cannot be after the date its report was submitted."})
    _conditions(conditions)
    visit.suite, visit.visited_on, visit.mode = suite, visited_on, mode
    visit.arrived_at, visit.admitted_at, visit.left_at = arrived_at, admitted_at, left_at
    visit.admission_delay_minutes = minutes_after(arrived_at, admitted_at)
    visit.pair_exception, visit.detainees_present, visit.notes = (
        pair_exception,
        detainees_present,
        notes.strip(),
    )
    save(visit, by=by, reason="Visit corrected")
    visit.visitors.set(visitors)
    _write_rows(visit, counts, not_offered, conditions)
    return visit


@transaction.atomic
def visit_report_submitted(*, visit: CustodyVisit, by, on: dt.date) -> CustodyVisit:
    """The visitors' report reached the office on `on` (not before the visit, not in the future)."""
    require_coordinator(by, action="record visit reports")
    visit = CustodyVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.report_submitted_on is not None:
        raise ValidationError(
            f"The report was already recorded as submitted on {long_date(visit.report_submitted_on)}."
        )
    if on > timezone.localdate():
        raise ValidationError({"on": "The date the report was submitted cannot be in the future."})
    if on < visit.visited_on:
        raise ValidationError(
            {"on": f"The report cannot be submitted before the visit ({long_date(visit.visited_on)})."}
        )
    visit.report_submitted_on = on
    return save(visit, by=by, reason=f"Report submitted on {long_date(on)}")
