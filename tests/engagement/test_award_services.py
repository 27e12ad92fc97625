"""Awards services: edition rules, nomination rules (the young-person rule both ways), every status x
every judging step, and one winner per category per edition (also when the database has to say so)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagement.models import AwardCategory, AwardEdition, Nomination, NominationStatus
from engagement.services import awards as award_services
from engagement.services import (
    edition_create,
    edition_update,
    nomination_create,
    nomination_decide,
    nomination_update,
)
from engagement.workflow import NOMINATION_TRANSITIONS, Action

from .award_support import area, build_edition, build_nomination

pytestmark = pytest.mark.django_db
N = NominationStatus


def today() -> dt.date:
    return timezone.localdate()


def cats(*names: str) -> list[AwardCategory]:
    return list(AwardCategory.objects.filter(name__in=names))


def message(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_edition_rules(eng_users):
    by = eng_users.staff
    good = {
        "number": 8,
        "nominations_open_on": dt.date(2020, 1, 6),
        "nominations_close_on": dt.date(2020, 3, 31),
        "ceremony_on": dt.date(2020, 7, 10),
        "categories": cats("Outstanding Citizen", "Outstanding Young Citizen"),
    }
    edition = edition_create(by=by, **good)
    assert str(edition) == "8th Outstanding Citizens Awards"
    assert set(edition.categories.values_list("name", flat=True)) == {
        "Outstanding Citizen",
        "Outstanding Young Citizen",
    }
    assert edition.history.get().history_user == by

    refusals = [
        ({"number": 8}, "number", "8th awards are already recorded"),
        ({"number": 0}, "number", "from 1 to 999"),
        (
            {"nominations_close_on": dt.date(2020, 1, 5)},
            "nominations_close_on",
            "on or after the day they open",
        ),
        ({"ceremony_on": dt.date(2020, 3, 30)}, "ceremony_on", "on or after the day nominations close"),
        ({"categories": []}, "categories", "at least one category"),
    ]
    for change, field, words in refusals:
        with pytest.raises(ValidationError) as exc:
            edition_create(by=by, **(good | {"number": 9} | change))
        assert field in exc.value.message_dict and words in message(exc), change
    retired = AwardCategory.objects.create(name="Retired award", active=False)
    with pytest.raises(ValidationError, match="No longer awarded: Retired award"):
        edition_create(by=by, **(good | {"number": 9, "categories": [retired]}))
    for user in (eng_users.administrator, eng_users.grants_manager, eng_users.reports):
        with pytest.raises(PermissionDenied):
            edition_create(by=user, **(good | {"number": 10}))

    # A retired category already on the edition may stay; one with nominations may not be dropped.
    edition.categories.add(retired)
    build_nomination(edition, "Outstanding Young Citizen")
    kept = edition_update(
        edition=edition,
        by=by,
        **(
            good
            | {
                "categories": [*cats("Outstanding Citizen", "Outstanding Young Citizen"), retired],
                "ceremony_on": None,
            }
        ),
    )
    assert kept.ceremony_on is None and kept.categories.count() == 3
    with pytest.raises(ValidationError, match="have nominations and must stay: Outstanding Young Citizen"):
        edition_update(edition=edition, by=by, **(good | {"categories": cats("Outstanding Citizen")}))
    assert AwardEdition.objects.count() == 1


def test_nomination_rules(eng_users):
    by = eng_users.staff
    edition = build_edition(7, categories=["Outstanding Citizen", "Outstanding Young Citizen"])
    good = {
        "edition": edition,
        "category": AwardCategory.objects.get(name="Outstanding Citizen"),
        "nominee_name": "  Grace Adeyemi ",
        "nominator_name": "Tom Reid",
        "citation": "Forty years of the neighbourhood watch.",
        "received_on": today() - dt.timedelta(days=3),
        "area": area(),
        "publicity_consent": True,
    }
    made = nomination_create(by=by, **good)
    assert made.status == N.RECEIVED and made.nominee_name == "Grace Adeyemi"
    young = AwardCategory.objects.get(name="Outstanding Young Citizen")
    assert nomination_create(by=by, **(good | {"category": young, "young_person": True})).young_person

    refusals = [
        ({"category": young}, "young_person", "is for young people"),
        ({"young_person": True}, "category", "Choose a category for young people"),
        (
            {"category": AwardCategory.objects.get(name="Special Recognition Award")},
            "category",
            "is not a category of the 7th",
        ),
        ({"received_on": today() + dt.timedelta(days=1)}, "received_on", "cannot be in the future"),
        ({"nominee_name": "   "}, "nominee_name", "Enter the nominee's name"),
        ({"citation": ""}, "citation", "Enter the citation"),
        ({"citation": "x" * 10_001}, "citation", "Shorten the citation"),
        ({"nominee_name": "Eve \u202eexe.gpj"}, "nominee_name", ""),
        ({"nominee_kind": "robot"}, "nominee_kind", "person or a group"),
    ]
    for change, field, words in refusals:
        with pytest.raises(ValidationError) as exc:
            nomination_create(by=by, **(good | change))
        assert field in exc.value.message_dict and words in message(exc), change
    assert Nomination.objects.count() == 2
    with pytest.raises(PermissionDenied):
        nomination_create(by=eng_users.administrator, **good)

    changed = nomination_update(nomination=made, by=by, citation="Fifty years.", publicity_consent=False)
    assert changed.citation == "Fifty years." and not changed.publicity_consent
    Nomination.objects.filter(pk=made.pk).update(status=N.SHORTLISTED)
    with pytest.raises(ValidationError, match="keeps its category"):
        nomination_update(nomination=made, by=by, category=young, young_person=True)
    Nomination.objects.filter(pk=made.pk).update(status=N.WINNER)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        nomination_update(nomination=made, by=by, citation="Changed after the ceremony")
    assert Nomination.objects.get(pk=made.pk).citation == "Fifty years."


def test_every_status_and_every_step(eng_users):
    """Each step from each status: allowed ones move to the table's target, the rest are refused."""
    edition = build_edition(7)
    tried = 0
    for status in N.values:
        for action, transition in NOMINATION_TRANSITIONS.items():
            # one winner per category: an earlier winner steps aside for this row
            Nomination.objects.filter(edition=edition, status=N.WINNER).update(status=N.RUNNER_UP)
            nomination = build_nomination(edition, status=status, nominee_name=f"{status} {action}")
            history = nomination.history.count()
            if status in transition.sources:
                done = nomination_decide(
                    nomination=nomination, by=eng_users.staff, action=action, note="Panel"
                )
                assert done.status == transition.target
                assert done.history.count() == history + 1 and done.decision_note == "Panel"
            else:
                with pytest.raises(ValidationError, match="is not possible while the status is"):
                    nomination_decide(nomination=nomination, by=eng_users.staff, action=action)
                assert Nomination.objects.get(pk=nomination.pk).status == status
            tried += 1
    assert tried == len(N.values) * len(NOMINATION_TRANSITIONS)
    nomination = build_nomination(edition, status=N.RECEIVED)
    with pytest.raises(ValidationError, match="not a step for a nomination"):
        nomination_decide(nomination=nomination, by=eng_users.staff, action=Action.INDUCT)
    for user in (eng_users.administrator, eng_users.coordinator):
        with pytest.raises(PermissionDenied):
            nomination_decide(nomination=nomination, by=user, action=Action.ELIGIBLE)


def test_one_winner_per_category_per_edition(eng_users, monkeypatch):
    edition, other = build_edition(7), build_edition(8)
    first = build_nomination(edition, status=N.SHORTLISTED, nominee_name="Ann First")
    second = build_nomination(edition, status=N.SHORTLISTED, nominee_name="Bob Second")
    young = build_nomination(edition, "Outstanding Young Citizen", status=N.SHORTLISTED)
    elsewhere = build_nomination(other, status=N.SHORTLISTED)
    nomination_decide(nomination=first, by=eng_users.staff, action=Action.WIN)
    with pytest.raises(
        ValidationError, match="Ann First is already the winner of “Outstanding Citizen” in the 7th"
    ):
        nomination_decide(nomination=second, by=eng_users.staff, action=Action.WIN)
    assert nomination_decide(nomination=young, by=eng_users.staff, action=Action.WIN).status == N.WINNER
    assert nomination_decide(nomination=elsewhere, by=eng_users.staff, action=Action.WIN).status == N.WINNER
    assert (
        nomination_decide(nomination=second, by=eng_users.staff, action=Action.RUNNER_UP).status
        == N.RUNNER_UP
    )

    # When only the database sees the other winner (the check passed in both), the message is the same.
    third = build_nomination(edition, status=N.SHORTLISTED, nominee_name="Cy Third")
    monkeypatch.setattr(award_services, "other_winner", lambda nomination: False)
    monkeypatch.setattr(Nomination, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError, match="Ann First is already the winner"):
        nomination_decide(nomination=third, by=eng_users.staff, action=Action.WIN)
    assert Nomination.objects.get(pk=third.pk).status == N.SHORTLISTED
    assert Nomination.objects.filter(edition=edition, category=first.category, status=N.WINNER).count() == 1
