"""Demo complaint reviews, entered through the review services on the day each step happened.

2022/23 reproduces the published figures: 174 reviews decided, 30 of them upheld (17.2%), every
one received and decided within the year, with a few applications forwarded to the IOPC, invalid,
out of time or withdrawn, and one late application accepted by an extension. Calendar 2024 (80
decided, 12 upheld) and 2025 (114 decided, 26 upheld) follow figures whose basis is not stated.
Upheld reviews carry recommendations with the force's responses, and learning points. Open cases
sit in every open status with clocks not yet due, due soon and overdue, relative to today.

Written as the demo users "staff" (intake, acknowledgement, requests, sending) and "reviews" (the
Reviews manager: validity, findings, decisions, recommendations, closure) under `DemoClock`. Each
block is marked by its force references (PSD-22-0001, ...): a block already there is left alone.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from complaints import services
from complaints.clock import CALENDAR, closures
from complaints.models import (
    Answer,
    Criterion,
    Finding,
    HandlingType,
    InvalidReason,
    LearningTheme,
    Result,
    Review,
    SubjectCategory,
)
from opcc.core.demo import DemoClock, DemoUsersMissing
from opcc.core.workdays import add_working_days, is_working_day

DAY = dt.timedelta(days=1)
FIRST = ("Jordan", "Priya", "Callum", "Aisha", "Tom", "Megan", "Imran", "Grace", "Kwame", "Sophie")
LAST = ("Bennett", "Hussain", "Walsh", "Okafor", "Price", "Kaur", "Doyle", "Ahmed", "Morgan", "Lloyd")
ALL_NO = dict.fromkeys(Criterion.values, (Answer.NO, ""))
IOPC = {**ALL_NO, Criterion.SERIOUS: (Answer.YES, "The allegation could justify criminal proceedings.")}
RESPONSES = ("accepted", "accepted", "partly", "accepted", "not_accepted")
SUMMARIES = (
    "Unhappy with how a report of criminal damage was investigated.",
    "Says the call handler was rude when reporting antisocial behaviour.",
    "Complains that a stop and search was not explained.",
    "Says nobody kept them updated on a burglary investigation.",
    "Unhappy with how property seized was returned.",
)


@dataclass(frozen=True)
class Plan:
    """One block of reviews: decisions spread over [first, last], of which `upheld` are upheld."""

    code: str
    first: dt.date
    last: dt.date
    decided: int
    upheld: int
    forwarded: int = 0
    invalid: int = 0
    out_of_time: int = 0
    withdrawn: int = 0
    extended: int = 0
    received_from: dt.date | None = None  # none earlier: the year's reviews are received in the year


PLANS = (
    # Received and decided within 2022/23: the published 174 decided, 30 upheld (17.2%).
    Plan("22", dt.date(2022, 5, 3), dt.date(2023, 3, 30), 174, 30, 3, 4, 3, 2, 1, dt.date(2022, 4, 1)),
    Plan("24", dt.date(2024, 1, 8), dt.date(2024, 12, 20), 80, 12, 2, 2, 1, 1, 0),
    Plan("25", dt.date(2025, 1, 7), dt.date(2025, 12, 19), 114, 26, 2, 3, 1, 1, 1),
)


def spread(n: int, k: int) -> set[int]:
    """k of range(n), evenly spread (30 of 174: every fifth or sixth)."""
    return {i for i in range(n) if (i * k) // n != ((i + 1) * k) // n}


class Seeder:
    def __init__(self, clock: DemoClock):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=("staff", "reviews"))}
        if len(users) < 2:
            raise DemoUsersMissing(
                "The demo users staff and reviews do not exist: run `manage.py seed_demo`."
            )
        self.staff, self.manager = users["staff"], users["reviews"]
        self.clock = clock
        self.closed = closures()
        self.subjects = list(SubjectCategory.objects.active())
        self.themes = list(LearningTheme.objects.active())
        self.count = 0

    # --- days -------------------------------------------------------------------------------

    def plus(self, day: dt.date, working_days: int) -> dt.date:
        return add_working_days(day, working_days, calendar=CALENDAR, closures=self.closed)

    def back(self, day: dt.date, working_days: int) -> dt.date:
        """The working day `working_days` working days before `day`."""
        while working_days or not is_working_day(day, calendar=CALENDAR, closures=self.closed):
            day -= DAY
            if is_working_day(day, calendar=CALENDAR, closures=self.closed):
                working_days -= 1
        return day

    def at(self, day: dt.date) -> None:
        self.clock.at(day)

    # --- steps ------------------------------------------------------------------------------

    def receive(self, code: str, received: dt.date, *, late: bool = False) -> Review:
        self.count += 1
        n = self.count
        info_given = received - dt.timedelta(days=40 if late else 6 + n % 15)
        self.at(received)
        return services.review_create(
            by=self.staff,
            subjects=[self.subjects[n % len(self.subjects)]] if self.subjects else [],
            force_reference=f"PSD-{code}-{n:04d}",
            complainant_name=f"{FIRST[n % 10]} {LAST[(n // 10) % 10]}",
            complainant_email=f"complainant{n}@example.org",
            preferred_channel=("email", "letter", "phone")[n % 3],
            complaint_made_on=info_given - dt.timedelta(days=90 + n % 60),
            handling_type=HandlingType.INVESTIGATED if n % 3 else HandlingType.OTHERWISE,
            summary=SUMMARIES[n % len(SUMMARIES)],
            review_info_given_on=info_given,
            received_on=received,
            received_channel=("email", "web_form", "letter", "phone")[n % 4],
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
        request = services.information_request(
            review=review,
            by=self.staff,
            what="The investigation report and the complainant's statement",
            on=asked,
        )
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
            allegation="The complaint was not properly investigated.",
            outcome=outcome,
            reasons="Read against the investigation report and the evidence gathered.",
        )
        result = Result.UPHELD if upheld else Result.NOT_UPHELD
        reasons = "The outcome was not reasonable and proportionate." if upheld else "The outcome stands."
        return services.review_decide(review=review, by=self.manager, result=result, reasons=reasons, on=day)

    def learn(self, review: Review, index: int) -> None:
        if self.themes:
            services.learning_add(
                review=review,
                by=self.manager,
                theme=self.themes[index % len(self.themes)],
                text_="Explain each finding to the complainant in plain words.",
            )

    def recommend(self, review: Review, index: int, *, respond: bool = True, send: bool = True) -> Review:
        services.recommendation_add(
            review=review, by=self.manager, text_="Reinvestigate the complaint and write to the complainant."
        )
        if index % 4 == 0:
            services.recommendation_add(
                review=review, by=self.manager, text_="Brief the team on keeping complainants updated."
            )
        if not send:
            return review
        assert review.decided_on is not None  # recommendations follow a decision
        sent = review.decided_on + 2 * DAY
        self.at(sent)
        review = services.recommendations_send(review=review, by=self.staff, on=sent)
        if not respond:
            return review
        answered = sent + dt.timedelta(days=21 + index % 7)
        self.at(answered)
        for offset, recommendation in enumerate(review.recommendations.order_by("pk")):
            services.recommendation_response_record(
                recommendation=recommendation,
                by=self.staff,
                response=RESPONSES[(index + offset) % len(RESPONSES)],
                action_taken="The force has written to the complainant.",
                on=answered,
            )
        return review

    def close(self, review: Review, day: dt.date) -> None:
        self.at(day)
        services.review_close(review=review, by=self.manager, on=day)

    def forward(self, review: Review) -> None:
        services.body_check_record(review=review, by=self.staff, answers=IOPC)
        services.review_forward_to_iopc(review=review, by=self.staff, on=self.clock.day)

    # --- blocks -----------------------------------------------------------------------------

    def decided_block(self, plan: Plan) -> int:
        """Decisions spread over the block's working days, each 15 to 45 working days after receipt."""
        days = [
            d
            for d in _days(plan.first, plan.last)
            if is_working_day(d, calendar=CALENDAR, closures=self.closed)
        ]
        upheld = spread(plan.decided, plan.upheld)
        for i in range(plan.decided):
            decided_on = days[i * len(days) // plan.decided]
            late = i < plan.extended
            received = self.back(decided_on, 15 + (i * 7) % 31)
            if plan.received_from and received < plan.received_from:
                received = plan.received_from + DAY * (i % 5)
            review = self.receive(plan.code, received, late=late)
            if late:
                self.at(self.plus(received, 1))
                review = services.review_extend(
                    review=review, by=self.manager, reason="In hospital during the 28 days; evidence seen."
                )
            review = self.acknowledge(review, 8 if i % 12 == 5 else 1 + i % 3)
            review = self.start(review, self.plus(received, 4))
            if i % 6 == 0:
                self.request(review, self.plus(received, 6), self.plus(received, 12), self.plus(received, 10))
            review = self.decide(review, decided_on, i in upheld)
            if i in upheld:
                self.learn(review, i)
                review = self.recommend(review, i)
                self.close(review, self.clock.day or decided_on)
            else:
                if i % 10 == 0:
                    self.learn(review, i)
                self.close(review, decided_on)
        return plan.decided + self.intake_outcomes(plan, days)

    def intake_outcomes(self, plan: Plan, days: list[dt.date]) -> int:
        """Applications that never reach a review: forwarded, invalid, out of time, withdrawn."""
        outcomes = (
            ["forwarded"] * plan.forwarded
            + ["invalid"] * plan.invalid
            + ["out_of_time"] * plan.out_of_time
            + ["withdrawn"] * plan.withdrawn
        )
        for index, outcome in enumerate(outcomes):
            received = days[(index + 1) * len(days) // (len(outcomes) + 2)]
            review = self.receive(plan.code, received, late=outcome == "out_of_time")
            review = self.acknowledge(review, 2)
            self.at(self.plus(received, 4))
            if outcome == "forwarded":
                self.forward(review)
            elif outcome == "invalid":
                reasons = (InvalidReason.NO_RIGHT, InvalidReason.NOT_SCHEDULE_3)
                services.review_mark_invalid(review=review, by=self.manager, reason=reasons[index % 2])
            elif outcome == "out_of_time":
                services.review_mark_out_of_time(review=review, by=self.manager)
            else:
                services.review_withdraw(
                    review=review, by=self.staff, reason="Phoned to say they no longer wish to go on."
                )
        return len(outcomes)

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
            self.start(self.acknowledge(self.receive("NOW", received), 1), self.plus(received, 2))
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
            self.recommend(review, index, respond=False, send=index == 1)
            made += 1
        # A late application, accepted by an extension and under review.
        received = self.back(today, 12)
        review = self.receive("NOW", received, late=True)
        self.at(self.plus(received, 1))
        review = services.review_extend(review=review, by=self.manager, reason="Abroad for a family funeral.")
        self.start(self.acknowledge(review, 2), self.plus(received, 3))
        return made + 1


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + DAY * n for n in range((last - first).days + 1)]


def _exists(code: str) -> bool:
    return Review.objects.filter(force_reference__startswith=f"PSD-{code}-").exists()


def seed(*, stdout) -> None:
    started = time.monotonic()
    clock = DemoClock()
    with clock.running():
        seeder = Seeder(clock)
        seeder.count = Review.objects.count()
        for plan in PLANS:
            if _exists(plan.code):
                stdout.write(f"Complaint reviews {plan.code}: already there, left as they are.")
                continue
            with transaction.atomic():
                made = seeder.decided_block(plan)
            stdout.write(
                f"Complaint reviews {plan.code}: {made} added ({plan.decided} decided, {plan.upheld} upheld)."
            )
        if _exists("NOW"):
            stdout.write("Open complaint reviews: already there, left as they are.")
        else:
            with transaction.atomic():
                made = seeder.open_block(clock.latest)
            stdout.write(f"Open complaint reviews: {made} added, with clocks due, due soon and overdue.")
    stdout.write(f"Complaint reviews demo data ready in {time.monotonic() - started:.1f} s.")
