"""Demo complaint reviews: past years' closed cases in bulk, today's cases in hand through the services.

Past years (`complaints.demo.past`) reproduce the published figures (2022/23: 174 decided, 30
upheld) and are written in bulk as the services would have left them. Open cases sit in every open
status with clocks not yet due, due soon and overdue, relative to today: they go through the real
services under `DemoClock`, as the demo users "staff" (intake, acknowledgement, requests, sending)
and "reviews" (the Reviews manager: validity, findings, decisions, recommendations, closure), so
their histories read as a user's would. Each block is marked by its force references
(PSD-22-0001, ..., PSD-NOW-0001): a block already there is left alone.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction

from complaints import services
from complaints.models import Answer, Criterion, Finding, LearningTheme, Result, Review, SubjectCategory
from opcc.core.demo import DEMO_REQUESTER, DemoClock

from . import common as c
from .common import DAY, WorkingDays
from .past import PLANS, PastReviews

ALL_NO = dict.fromkeys(Criterion.values, (Answer.NO, ""))


class Seeder:
    """Today's cases in hand, each step through its service on the day it happened."""

    def __init__(self, clock: DemoClock):
        self.staff, self.manager = c.demo_users()
        self.clock = clock
        self.days = WorkingDays()
        self.subjects = list(SubjectCategory.objects.active())
        self.themes = list(LearningTheme.objects.active())
        self.count = 0

    # --- days -------------------------------------------------------------------------------

    def plus(self, day: dt.date, working_days: int) -> dt.date:
        return self.days.plus(day, working_days)

    def back(self, day: dt.date, working_days: int) -> dt.date:
        return self.days.back(day, working_days)

    def at(self, day: dt.date) -> None:
        self.clock.at(day)

    # --- steps ------------------------------------------------------------------------------

    def receive(
        self, code: str, received: dt.date, *, late: bool = False, person: dict | None = None
    ) -> Review:
        self.count += 1
        n = self.count
        self.at(received)
        intake = c.intake(code, n, received, late=late)
        if person:  # the demo's subject access requester (opcc.core.demo.DEMO_REQUESTER)
            intake |= {
                "complainant_name": person["name"], "complainant_email": person["email"],
                "complainant_phone": person["phone"], "complainant_address": person["address"],
                "complainant_postcode": person["postcode"],
            }  # fmt: skip
        return services.review_create(
            by=self.staff,
            subjects=[self.subjects[n % len(self.subjects)]] if self.subjects else [],
            **intake,
        )

    def acknowledge(self, review: Review, after: int) -> Review:
        day = self.plus(review.received_on, after)
        self.at(day)
        return services.review_acknowledge(review=review, by=self.staff, on=day)

    def start(self, review: Review, day: dt.date) -> Review:
        self.at(day)
        services.body_check_record(review=review, by=self.staff, answers=ALL_NO)
        return services.review_start(review=review, by=self.staff, reviewer=self.manager)

    def request(
        self, review: Review, asked: dt.date, answered: dt.date | None, chased: dt.date | None = None
    ):
        self.at(asked)
        request = services.information_request(review=review, by=self.staff, what=c.ASKED_FOR, on=asked)
        if chased:
            self.at(chased)
            services.information_chase(request=request, by=self.staff, on=chased)
        if answered:
            self.at(answered)
            services.information_receive(request=request, by=self.staff, on=answered)

    def decide(self, review: Review, day: dt.date, upheld: bool) -> Review:
        self.at(day)
        outcome = Finding.Outcome.NOT_REASONABLE if upheld else Finding.Outcome.REASONABLE
        services.finding_record(
            review=review,
            by=self.manager,
            allegation=c.ALLEGATION,
            outcome=outcome,
            reasons=c.FINDING_REASONS,
        )
        result = Result.UPHELD if upheld else Result.NOT_UPHELD
        reasons = c.UPHELD_REASONS if upheld else c.NOT_UPHELD_REASONS
        return services.review_decide(review=review, by=self.manager, result=result, reasons=reasons, on=day)

    def learn(self, review: Review, index: int) -> None:
        if self.themes:
            services.learning_add(
                review=review, by=self.manager, theme=self.themes[index % len(self.themes)], text_=c.LESSON
            )

    def recommend(self, review: Review, index: int, *, send: bool) -> Review:
        """Recommendations added; sent to the force, or not yet (none answered yet)."""
        texts = c.RECOMMENDATIONS if index % 4 == 0 else c.RECOMMENDATIONS[:1]
        for text in texts:
            services.recommendation_add(review=review, by=self.manager, text_=text)
        if not send:
            return review
        assert review.decided_on is not None  # recommendations follow a decision
        sent = review.decided_on + 2 * DAY
        self.at(sent)
        return services.recommendations_send(review=review, by=self.staff, on=sent)

    # --- blocks -----------------------------------------------------------------------------

    def open_block(self, today: dt.date) -> int:
        """Cases open today: each open status with a clock not yet due, due soon and overdue."""
        made = 0
        for ago in (1, 5, 8):  # acknowledge-by is 5 working days after receipt
            self.receive("NOW", self.back(today, ago))
            made += 1
        for ago in (2, 25, 35):  # decide-by is 28 working days after receipt
            self.acknowledge(self.receive("NOW", self.back(today, ago)), 1)
            made += 1
        for ago in (10, 24, 40):
            received = self.back(today, ago)
            person = DEMO_REQUESTER if ago == 24 else None
            self.start(
                self.acknowledge(self.receive("NOW", received, person=person), 1), self.plus(received, 2)
            )
            made += 1
        for ago, chase in ((15, False), (27, True), (45, True)):
            received = self.back(today, ago)
            review = self.start(self.acknowledge(self.receive("NOW", received), 1), self.plus(received, 2))
            self.request(review, self.plus(received, 3), None, self.plus(received, 9) if chase else None)
            made += 1
        # Decided, recommendations not sent yet; and sent, awaiting the force's response.
        for index, ago in enumerate((30, 45)):
            received = self.back(today, ago)
            review = self.start(self.acknowledge(self.receive("NOW", received), 1), self.plus(received, 2))
            review = self.decide(review, self.plus(received, 20), True)
            self.learn(review, index)
            self.recommend(review, index, send=index == 1)
            made += 1
        # A late application, accepted by an extension and under review.
        received = self.back(today, 12)
        review = self.receive("NOW", received, late=True)
        self.at(self.plus(received, 1))
        review = services.review_extend(review=review, by=self.manager, reason="Abroad for a family funeral.")
        self.start(self.acknowledge(review, 2), self.plus(received, 3))
        return made + 1


def _exists(code: str) -> bool:
    return Review.objects.filter(force_reference__startswith=f"PSD-{code}-").exists()


def seed(*, stdout) -> None:
    started = time.monotonic()
    clock = DemoClock()
    with clock.running():
        seeder = Seeder(clock)
        seeder.count = Review.objects.count()
        past = PastReviews(staff=seeder.staff, manager=seeder.manager, days=seeder.days, count=seeder.count)
        lines = []
        for plan in PLANS:
            if _exists(plan.code):
                lines.append(f"Complaint reviews {plan.code}: already there, left as they are.")
            else:
                made = past.decided_block(plan)
                lines.append(
                    f"Complaint reviews {plan.code}: {made} added ({plan.decided} decided, {plan.upheld} upheld)."
                )
        with transaction.atomic():
            past.write()
        seeder.count = past.count
        for line in lines:
            stdout.write(line)
        if _exists("NOW"):
            stdout.write("Open complaint reviews: already there, left as they are.")
        else:
            with transaction.atomic():
                made = seeder.open_block(clock.latest)
            stdout.write(f"Open complaint reviews: {made} added, with clocks due, due soon and overdue.")
    stdout.write(f"Complaint reviews demo data ready in {time.monotonic() - started:.1f} s.")
