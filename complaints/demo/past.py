"""Past years' complaint reviews, written in bulk with the fields the services would have computed.

2022/23 reproduces the published figures: 174 reviews decided, 30 of them upheld (17.2%), every
one received and decided within the year, with a few applications forwarded to the IOPC, invalid,
out of time or withdrawn, and one late application accepted by an extension. Calendar 2024 (80
decided, 12 upheld) and 2025 (114 decided, 26 upheld) follow figures whose basis is not stated.
Upheld reviews carry recommendations with the force's responses, and learning points.

These cases were closed long ago: walking ~400 of them through the services cost ~110 queries
each, so they are built here step by step as the services would have left them (references,
window and service-standard clocks from `complaints.clock`, statuses, dates, findings,
recommendations, learning, body check answers) and written with a few bulk inserts. Each review
gets one history row, its last step, by the demo user who took it; their parts get none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from simple_history.utils import bulk_create_with_history

from complaints import clock
from complaints.models import (
    Answer,
    BodyCheck,
    Criterion,
    Finding,
    InformationRequest,
    InvalidReason,
    LearningPoint,
    LearningTheme,
    Recommendation,
    Result,
    Review,
    ServiceStandards,
    Status,
    SubjectCategory,
)

from . import common as c
from .common import DAY, WorkingDays, moment

SERIOUS_NOTE = "The allegation could justify criminal proceedings."


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


@dataclass
class Case:
    """One review as the services would have left it, with its parts (their `review` set on writing)."""

    review: Review
    subject: SubjectCategory | None
    answers: dict[str, tuple[str, str]]  # body check: criterion -> (answer, note); none answered: {}
    answered_on: dt.date | None = None
    parts: list = field(default_factory=list)


class PastReviews:
    """Builds the blocks' cases in the order the services used to enter them, then writes them."""

    def __init__(self, *, staff, manager, days: WorkingDays, count: int) -> None:
        self.staff, self.manager, self.days = staff, manager, days
        self.count = count  # reviews numbered on from those already there (PSD-22-0001, ...)
        self.subjects = list(SubjectCategory.objects.active())
        self.themes = list(LearningTheme.objects.active())
        self.standards = ServiceStandards.current()
        self.cases: list[Case] = []

    # --- building --------------------------------------------------------------------------

    def application(self, code: str, received: dt.date, *, late: bool = False) -> Case:
        """`review_create`: the intake fields, the clocks and the seven body check questions."""
        self.count += 1
        n = self.count
        review = Review(
            entered_by=self.staff, status=Status.RECEIVED, **c.intake(code, n, received, late=late)
        )
        review.window_ends_on = clock.window_end(info_given_on=review.review_info_given_on)
        review.in_time = received <= review.window_ends_on
        review.acknowledge_by, review.decide_by = clock.standard_dates(
            received_on=received,
            acknowledge_days=self.standards.acknowledge_working_days,
            decide_days=self.standards.decide_working_days,
            closed=self.days.closed,
        )
        review.created_at = moment(received, n)
        subject = self.subjects[n % len(self.subjects)] if self.subjects else None
        case = Case(review=review, subject=subject, answers={})
        self.cases.append(case)
        return case

    def last_step(self, case: Case, day: dt.date, status: str, *, by, reason: str) -> None:
        """The status the case ended in, and its one history row (dated that day, by who took it)."""
        review = case.review
        review.status = status
        review.status_changed_at = review.updated_at = moment(day, self.count)
        review._history_date = review.status_changed_at  # type: ignore[attr-defined]
        review._history_user = by  # type: ignore[attr-defined]
        review._change_reason = reason  # type: ignore[attr-defined]

    def part(self, case: Case, obj, created: dt.date, updated: dt.date | None = None) -> None:
        obj.created_at, obj.updated_at = moment(created, self.count), moment(updated or created, self.count)
        case.parts.append(obj)

    def decided_block(self, plan: Plan) -> int:
        """Decisions spread over the block's working days, each 15 to 45 working days after receipt."""
        days = [d for d in _days(plan.first, plan.last) if self.days.working(d)]
        upheld = spread(plan.decided, plan.upheld)
        for i in range(plan.decided):
            decided_on = days[i * len(days) // plan.decided]
            received = self.days.back(decided_on, 15 + (i * 7) % 31)
            if plan.received_from and received < plan.received_from:
                received = plan.received_from + DAY * (i % 5)
            self.decided(plan.code, i, received, decided_on, late=i < plan.extended, upheld=i in upheld)
        return plan.decided + self.intake_outcomes(plan, days)

    def decided(
        self, code: str, i: int, received: dt.date, decided_on: dt.date, *, late: bool, upheld: bool
    ) -> None:
        """Received, (extended), acknowledged, started, (information asked for), decided, closed."""
        case = self.application(code, received, late=late)
        review, plus = case.review, self.days.plus
        if late:  # review_extend, the next working day
            review.extension_reason, review.extension_granted_by = c.EXTENSION, self.manager
            review.extension_granted_on = plus(received, 1)
        review.acknowledged_on = plus(received, 8 if i % 12 == 5 else 1 + i % 3)
        case.answers, case.answered_on = dict.fromkeys(Criterion.values, (Answer.NO, "")), plus(received, 4)
        review.reviewer, review.valid = self.manager, True
        if i % 6 == 0:
            asked, answered = plus(received, 6), plus(received, 12)
            request = InformationRequest(
                what=c.ASKED_FOR, requested_on=asked, chased_on=plus(received, 10), received_on=answered,
                requested_by=self.staff,
            )  # fmt: skip
            self.part(case, request, asked, answered)
        outcome = Finding.Outcome.NOT_REASONABLE if upheld else Finding.Outcome.REASONABLE
        finding = Finding(allegation=c.ALLEGATION, outcome=outcome, reasons=c.FINDING_REASONS)
        self.part(case, finding, decided_on)
        review.result = Result.UPHELD if upheld else Result.NOT_UPHELD
        review.result_reasons = c.UPHELD_REASONS if upheld else c.NOT_UPHELD_REASONS
        review.decided_on, review.decided_by = decided_on, self.manager
        closed = decided_on
        if upheld or i % 10 == 0:
            self.learn(case, i, decided_on)
        if upheld:
            closed = self.recommend(case, i, decided_on)
        review.closed_on = closed
        self.last_step(case, closed, Status.CLOSED, by=self.manager, reason="Closed")

    def learn(self, case: Case, index: int, day: dt.date) -> None:
        if self.themes:
            theme = self.themes[index % len(self.themes)]
            self.part(case, LearningPoint(theme=theme, text=c.LESSON), day)

    def recommend(self, case: Case, index: int, decided_on: dt.date) -> dt.date:
        """Sent two days after the decision, answered three to four weeks later; returns that day."""
        sent = decided_on + 2 * DAY
        due = sent + dt.timedelta(days=self.standards.recommendation_response_days)
        answered = sent + dt.timedelta(days=21 + index % 7)
        texts = c.RECOMMENDATIONS if index % 4 == 0 else c.RECOMMENDATIONS[:1]
        for offset, text in enumerate(texts):
            recommendation = Recommendation(
                text=text, sent_on=sent, response_due=due, response_received_on=answered,
                response=c.RESPONSES[(index + offset) % len(c.RESPONSES)], action_taken=c.ACTION_TAKEN,
            )  # fmt: skip
            self.part(case, recommendation, decided_on, answered)
        return answered

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
            case = self.application(plan.code, received, late=outcome == "out_of_time")
            review = case.review
            review.acknowledged_on = self.days.plus(received, 2)
            ended = self.days.plus(received, 4)
            if outcome == "forwarded":
                case.answers = dict.fromkeys(Criterion.values, (Answer.NO, ""))
                case.answers[Criterion.SERIOUS] = (Answer.YES, SERIOUS_NOTE)
                case.answered_on = review.forwarded_on = ended
                self.last_step(case, ended, Status.FORWARDED, by=self.staff, reason="Forwarded to the IOPC")
            elif outcome == "invalid":
                reason = (InvalidReason.NO_RIGHT, InvalidReason.NOT_SCHEDULE_3)[index % 2]
                review.valid, review.invalid_reason = False, reason
                self.last_step(
                    case, ended, Status.INVALID, by=self.manager, reason=f"Invalid: {reason.label}"
                )
            elif outcome == "out_of_time":
                self.last_step(
                    case, ended, Status.OUT_OF_TIME, by=self.manager, reason="Out of time, no extension"
                )
            else:
                review.withdrawn_reason = c.WITHDRAWN
                self.last_step(
                    case, ended, Status.WITHDRAWN, by=self.staff, reason="Withdrawn by the complainant"
                )
        return len(outcomes)

    # --- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        """A handful of bulk inserts: the reviews (each with its history row), then their parts."""
        if not self.cases:
            return
        reviews = [case.review for case in self.cases]
        c.references(reviews, "CR")
        written = (Review, BodyCheck, InformationRequest, Finding, Recommendation, LearningPoint)
        with c.timestamps_as_given(*written):
            bulk_create_with_history(reviews, Review, batch_size=500)
            Review.subjects.through.objects.bulk_create(
                [
                    Review.subjects.through(review_id=case.review.pk, subjectcategory_id=case.subject.pk)
                    for case in self.cases
                    if case.subject is not None
                ],
                batch_size=2000,
            )
            BodyCheck.objects.bulk_create(self.body_checks(), batch_size=2000)
            parts: dict[type[models.Model], list] = {}
            for case in self.cases:
                for obj in case.parts:
                    obj.review = case.review
                    parts.setdefault(type(obj), []).append(obj)
            for model, objects in parts.items():
                model._default_manager.bulk_create(objects, batch_size=2000)

    def body_checks(self) -> list[BodyCheck]:
        checks = []
        for case in self.cases:
            created = case.review.created_at
            updated = moment(case.answered_on) if case.answered_on else created
            for criterion in Criterion.values:
                answer, note = case.answers.get(criterion, (Answer.UNKNOWN, ""))
                checks.append(
                    BodyCheck(
                        review=case.review,
                        criterion=criterion,
                        answer=answer,
                        note=note,
                        created_at=created,
                        updated_at=updated,
                    )
                )
        return checks


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + DAY * n for n in range((last - first).days + 1)]
