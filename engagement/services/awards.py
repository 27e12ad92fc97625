"""The Outstanding Citizens Awards: editions, nominations, and judging them through the transition table.

A young person is nominated only in a category for young people, and a category for young people
takes only young people: the flag and the category always agree, so the published lists of young
winners and adult winners cannot mix. One winner per category per edition: the edition's row is
locked while a winner is recorded, and the database's partial unique constraint catches the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagement.models import (
    AwardCategory,
    AwardEdition,
    Nomination,
    NominationStatus,
    NomineeKind,
    ordinal,
)
from engagement.workflow import NOMINATION_TRANSITIONS, Action, check_transition
from opcc.core.dates import long_date
from opcc.core.models import PolicingArea
from opcc.core.services import save

from .common import not_future, require_recorder, text

MAX_EDITION = 999
REASON_LIMIT = 100  # the history's change-reason column
OPEN_STATUSES = frozenset(
    {NominationStatus.RECEIVED, NominationStatus.ELIGIBLE, NominationStatus.SHORTLISTED}
)
NOMINATION_FIELDS = (
    "category",
    "nominee_name",
    "nominee_kind",
    "area",
    "nominator_name",
    "nominator_contact",
    "citation",
    "young_person",
    "publicity_consent",
    "received_on",
)


def short(reason: str) -> str:
    return reason if len(reason) <= REASON_LIMIT else reason[: REASON_LIMIT - 1] + "…"


# --- editions --------------------------------------------------------------------------------------


def _check_edition(
    *,
    number: int,
    nominations_open_on: dt.date,
    nominations_close_on: dt.date,
    ceremony_on: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    if not 1 <= number <= MAX_EDITION:
        raise ValidationError({"number": f"Enter an edition number from 1 to {MAX_EDITION}."})
    same = AwardEdition.objects.filter(number=number)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"number": f"The {ordinal(number)} awards are already recorded."})
    if nominations_close_on < nominations_open_on:
        raise ValidationError(
            {"nominations_close_on": "Nominations must close on or after the day they open."}
        )
    if ceremony_on is not None and ceremony_on < nominations_close_on:
        raise ValidationError(
            {
                "ceremony_on": "The ceremony must be on or after the day nominations close "
                f"({long_date(nominations_close_on)})."
            }
        )


def _check_categories(categories: Iterable[AwardCategory], *, keep: frozenset[int] = frozenset()) -> list:
    chosen = list(categories)
    if not chosen:
        raise ValidationError({"categories": "Choose at least one category."})
    retired = [c.name for c in chosen if not c.active and c.pk not in keep]
    if retired:
        raise ValidationError({"categories": f"No longer awarded: {', '.join(retired)}. Choose others."})
    return chosen


@transaction.atomic
def edition_create(
    *,
    by,
    number: int,
    nominations_open_on: dt.date,
    nominations_close_on: dt.date,
    categories: Iterable[AwardCategory],
    ceremony_on: dt.date | None = None,
) -> AwardEdition:
    require_recorder(by, action="record awards")
    _check_edition(
        number=number,
        nominations_open_on=nominations_open_on,
        nominations_close_on=nominations_close_on,
        ceremony_on=ceremony_on,
    )
    chosen = _check_categories(categories)
    edition = AwardEdition(
        number=number,
        nominations_open_on=nominations_open_on,
        nominations_close_on=nominations_close_on,
        ceremony_on=ceremony_on,
    )
    save(edition, by=by, reason="Edition recorded")
    edition.categories.set(chosen)
    return edition


@transaction.atomic
def edition_update(
    *,
    edition: AwardEdition,
    by,
    number: int,
    nominations_open_on: dt.date,
    nominations_close_on: dt.date,
    categories: Iterable[AwardCategory],
    ceremony_on: dt.date | None = None,
) -> AwardEdition:
    """Correct an edition; a category that has nominations stays (retired ones already in it may stay)."""
    require_recorder(by, action="record awards")
    edition = AwardEdition.objects.select_for_update().get(pk=edition.pk)
    _check_edition(
        number=number,
        nominations_open_on=nominations_open_on,
        nominations_close_on=nominations_close_on,
        ceremony_on=ceremony_on,
        exclude_pk=edition.pk,
    )
    current = frozenset(edition.categories.values_list("pk", flat=True))
    chosen = _check_categories(categories, keep=current)
    used = set(edition.nominations.values_list("category_id", flat=True))
    dropped = sorted(c.name for c in AwardCategory.objects.filter(pk__in=used - {c.pk for c in chosen}))
    if dropped:
        raise ValidationError(
            {"categories": f"These categories have nominations and must stay: {', '.join(dropped)}."}
        )
    edition.number = number
    edition.nominations_open_on = nominations_open_on
    edition.nominations_close_on = nominations_close_on
    edition.ceremony_on = ceremony_on
    save(edition, by=by, reason="Edition changed")
    edition.categories.set(chosen)
    return edition


# --- nominations -----------------------------------------------------------------------------------


def _check_nomination(nomination: Nomination, edition: AwardEdition) -> None:
    category = nomination.category
    if not edition.categories.filter(pk=category.pk).exists():
        raise ValidationError({"category": f"“{category}” is not a category of the {edition}."})
    if category.for_young_people and not nomination.young_person:
        raise ValidationError(
            {
                "young_person": f"“{category}” is for young people: say the nominee is a young person "
                "(under 18), or choose another category."
            }
        )
    if nomination.young_person and not category.for_young_people:
        raise ValidationError(
            {
                "category": f"A young person is nominated in a category for young people: “{category}” "
                "is not one. Choose a category for young people."
            }
        )
    if nomination.nominee_kind not in NomineeKind.values:
        raise ValidationError({"nominee_kind": "Choose whether a person or a group is nominated."})
    not_future(nomination.received_on, field="received_on", what="date received")


def _fill(nomination: Nomination, fields: dict) -> None:
    unknown = set(fields) - set(NOMINATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown nomination fields: {', '.join(sorted(unknown))}")
    for name, what, limit, required in (
        ("nominee_name", "the nominee's name", 150, True),
        ("nominator_name", "the nominator's name", 150, True),
        ("nominator_contact", "the nominator's email or phone", 150, False),
        ("citation", "the citation", 10_000, True),
    ):
        if name in fields:
            fields[name] = text(fields[name], field=name, what=what, required=required, limit=limit)
    for name, value in fields.items():
        setattr(nomination, name, value)


@transaction.atomic
def nomination_create(
    *,
    by,
    edition: AwardEdition,
    category: AwardCategory,
    nominee_name: str,
    nominator_name: str,
    citation: str,
    received_on: dt.date,
    nominee_kind: str = NomineeKind.PERSON,
    area: PolicingArea | None = None,
    nominator_contact: str = "",
    young_person: bool = False,
    publicity_consent: bool = False,
) -> Nomination:
    require_recorder(by, action="record nominations")
    edition = AwardEdition.objects.select_for_update().get(pk=edition.pk)
    nomination = Nomination(edition=edition)
    _fill(
        nomination,
        {
            "category": category,
            "nominee_name": nominee_name,
            "nominee_kind": nominee_kind,
            "area": area,
            "nominator_name": nominator_name,
            "nominator_contact": nominator_contact,
            "citation": citation,
            "young_person": young_person,
            "publicity_consent": publicity_consent,
            "received_on": received_on,
        },
    )
    _check_nomination(nomination, edition)
    return save(nomination, by=by, reason="Nomination received")


@transaction.atomic
def nomination_update(*, nomination: Nomination, by, **fields) -> Nomination:
    """Correct a nomination still being judged; a decided one stays as it was decided."""
    require_recorder(by, action="change nominations")
    edition = AwardEdition.objects.select_for_update().get(pk=nomination.edition_id)
    nomination = (
        Nomination.objects.select_related("category").select_for_update(of=("self",)).get(pk=nomination.pk)
    )
    if nomination.status not in OPEN_STATUSES:
        raise ValidationError(
            f"The nomination has been decided ({nomination.get_status_display().lower()}): it can no "
            "longer be changed."
        )
    was_in = nomination.category_id
    _fill(nomination, dict(fields))
    if nomination.status == NominationStatus.SHORTLISTED and nomination.category_id != was_in:
        raise ValidationError({"category": "A shortlisted nomination keeps its category."})
    _check_nomination(nomination, edition)
    return save(nomination, by=by, reason="Nomination changed")


def other_winner(nomination: Nomination) -> bool:
    return (
        Nomination.objects.filter(
            edition_id=nomination.edition_id,
            category_id=nomination.category_id,
            status=NominationStatus.WINNER,
        )
        .exclude(pk=nomination.pk)
        .exists()
    )


def _winner_taken(nomination: Nomination) -> ValidationError:
    winner = (
        Nomination.objects.filter(
            edition_id=nomination.edition_id,
            category_id=nomination.category_id,
            status=NominationStatus.WINNER,
        )
        .exclude(pk=nomination.pk)
        .first()
    )
    who = f"{winner.nominee_name} is" if winner else "Another nomination is"
    return ValidationError(
        f"{who} already the winner of “{nomination.category}” in the {nomination.edition}: "
        "record this one as runner-up or not selected."
    )


@transaction.atomic
def nomination_decide(*, nomination: Nomination, by, action: Action, note: str = "") -> Nomination:
    """One judging step (eligible, shortlisted, winner, runner-up, not selected) with an optional note."""
    require_recorder(by, action="judge nominations")
    if action not in NOMINATION_TRANSITIONS:
        raise ValidationError("That is not a step for a nomination.")
    # The edition first: two people recording winners in one edition queue here.
    AwardEdition.objects.select_for_update().get(pk=nomination.edition_id)
    nomination = (
        Nomination.objects.select_related("category", "edition")
        .select_for_update(of=("self",))
        .get(pk=nomination.pk)
    )
    target = check_transition(NOMINATION_TRANSITIONS, action, nomination.status, NominationStatus)
    note = text(note, field="note", what="the note")
    if target == NominationStatus.WINNER and other_winner(nomination):
        raise _winner_taken(nomination)
    previous = NominationStatus(nomination.status).label
    nomination.status = target
    if note:
        nomination.decision_note = note
    reason = f"{previous} to {NominationStatus(target).label}" + (f": {note}" if note else "")
    try:
        with transaction.atomic():
            save(nomination, by=by, reason=short(reason))
    except IntegrityError:
        raise _winner_taken(nomination) from None
    return nomination
