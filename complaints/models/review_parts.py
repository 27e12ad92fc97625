"""What a review is made of besides its application: the body check answers, forwarding periods,
conflicts, information requests, findings, recommendations, learning points, and the standards."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from opcc.core.models import AuditedModel
from opcc.core.text import TextRules

from .reviews import Review
from .vocab import LearningTheme


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known yet"


class Criterion(models.TextChoices):
    """Regulation 32 SI 2020/2 (a)-(f) and the chief-officer rule: any yes makes the IOPC the RRB."""

    SENIOR_OFFICER = "senior_officer", "(a) About the conduct of a senior officer"
    SERIOUS = "serious", "(b) Could justify criminal or disciplinary proceedings, or involve Article 2 or 3"
    REFERRED = "referred", "(c) Has been, or must be, referred to the IOPC"
    TREATED_REFERRED = "treated_referred", "(d) The IOPC is treating it as referred"
    SAME_INCIDENT = "same_incident", "(e) Arises from the same incident as any of (a) to (d)"
    PART = "part", "(f) Any part of it falls within (a) to (e)"
    CHIEF_OFFICER = "chief_officer", "The complaint is about the chief officer"


class BodyCheck(AuditedModel):
    """One answer of the relevant review body check."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="body_checks")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.UNKNOWN)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_answer_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_criterion_display()} = {self.get_answer_display()}"


class Direction(models.TextChoices):
    IOPC_TO_OPCC = "iopc_to_opcc", "Sent to the IOPC in error, forwarded to us"
    OPCC_TO_IOPC = "opcc_to_iopc", "Sent to us in error, forwarded to the IOPC"


class ForwardingPeriod(AuditedModel):
    """Days a misdirected application spent being forwarded: left out of the 28-day window (reg 29(3))."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="forwarding_periods")
    direction = models.CharField(max_length=15, choices=Direction.choices)
    received_on = models.DateField("date the other body received it")
    forwarded_on = models.DateField("date it was forwarded")

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forwarded_on__gte=models.F("received_on")), name="forwarding_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.received_on} to {self.forwarded_on}"

    @property
    def days(self) -> int:
        return (self.forwarded_on - self.received_on).days


class Conflict(AuditedModel):
    """A declared conflict of interest: that person may not decide the review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_conflict_per_user")]

    def __str__(self) -> str:
        return f"{self.review}: {self.user}"


class InformationRequest(TextRules, AuditedModel):
    """Information the reviewer asked the force's Professional Standards Department for."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="information_requests")
    what = models.TextField("information requested")
    requested_on = models.DateField()
    chased_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.review}: requested {self.requested_on}"


class Finding(TextRules, AuditedModel):
    """The reviewer's finding on one allegation."""

    class Outcome(models.TextChoices):
        REASONABLE = "reasonable", "Handling reasonable and proportionate"
        NOT_REASONABLE = "not_reasonable", "Handling not reasonable and proportionate"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    allegation = models.TextField()
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    reasons = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_outcome_display()}"


class Recommendation(TextRules, AuditedModel):
    """A recommendation to the force after an upheld review, tracked until the force's response."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("recommendation")
    sent_on = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    response_received_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=15, choices=Response.choices, blank=True)
    action_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_on", "response_received_on"], name="rec_sent_response")]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_received_on__isnull=True) | Q(sent_on__isnull=False),
                name="rec_response_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(response_received_on__isnull=True) | ~Q(response=""),
                name="rec_response_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.text[:60]}"

    @property
    def state(self) -> str:
        if self.response_received_on:
            return self.get_response_display()
        return "Awaiting the force's response" if self.sent_on else "Not sent yet"


class LearningPoint(TextRules, AuditedModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="learning_points")
    theme = models.ForeignKey(LearningTheme, on_delete=models.PROTECT, related_name="points")
    text = models.TextField("learning point")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.review}: {self.theme}"


class ServiceStandards(models.Model):
    """The office's local service standards for reviews (one row, edited in the admin)."""

    acknowledge_working_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    decide_working_days = models.PositiveSmallIntegerField(
        default=28, validators=[MinValueValidator(1), MaxValueValidator(250)]
    )
    recommendation_response_days = models.PositiveSmallIntegerField(
        "days the force has to respond to a recommendation",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    due_soon_working_days = models.PositiveSmallIntegerField(
        "'due soon' means within this many working days",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "review service standards"

    def __str__(self) -> str:
        return (
            f"Acknowledge within {self.acknowledge_working_days} working days, "
            f"decide within {self.decide_working_days}"
        )

    @classmethod
    def current(cls) -> ServiceStandards:
        standards = cls.objects.order_by("pk").first()
        return standards if standards is not None else cls()
