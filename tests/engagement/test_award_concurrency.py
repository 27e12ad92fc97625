"""Two office staff recording different winners of one category at the same moment: the edition's
row lock lets one win, the other is told who won, and the category keeps one winner."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from engagement.models import Nomination, NominationStatus
from engagement.services import nomination_decide
from engagement.workflow import Action
from tests.grants.test_concurrency import errors_of, oks_of, run_together

from .award_support import build_edition, build_nomination

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_people_record_winners_of_one_category_at_once(eng_users):
    edition = build_edition(7)
    ann = build_nomination(edition, status=NominationStatus.SHORTLISTED, nominee_name="Ann First")
    bob = build_nomination(edition, status=NominationStatus.SHORTLISTED, nominee_name="Bob Second")

    def task(user, nomination):
        def prepare():
            by = get_user_model().objects.get(pk=user.pk)
            seen = Nomination.objects.get(pk=nomination.pk)  # both saw no winner yet
            return lambda: nomination_decide(nomination=seen, by=by, action=Action.WIN)

        return prepare

    results, _ = run_together([task(eng_users.staff, ann), task(eng_users.other_staff, bob)])
    won, lost = oks_of(results), errors_of(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ValidationError)
    winner = won[0]
    assert f"{winner.nominee_name} is already the winner" in lost[0].messages[0]
    winners = Nomination.objects.filter(edition=edition, status=NominationStatus.WINNER)
    assert list(winners.values_list("pk", flat=True)) == [winner.pk]
    loser = ann if winner.pk == bob.pk else bob
    assert Nomination.objects.get(pk=loser.pk).status == NominationStatus.SHORTLISTED
