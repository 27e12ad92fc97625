"""Correspondence and casework: a case with its statutory clock, the clock's stops, and the calls log.

The due date is stored (lists filter and sort on it) and recomputed by the services from the case's
category rule and its stops (`engagement.clock`); every change is kept as a `DueDateChange` with
its reason. A case may point at the complaint review or grant application it became (one way).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from opcc.core.indexes import digits_index, fulltext_index, pattern_index, trigram_index
from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules


class ClockRule(models.TextChoices):
    FOI = "foi", "Working days on any UK nation's bank holidays; clarification restarts the clock"
    SAR = "sar", "One calendar month to the matching date; stops pause the clock"
    LOCAL = "local", "Working days on England and Wales bank holidays; stops pause the clock"


class Regime(models.TextChoices):
    NONE = "", "Not an information request"
    FOI = "foi", "Freedom of Information Act"
    EIR = "eir", "Environmental Information Regulations"
    SAR = "sar", "Subject access (UK GDPR)"


class Category(models.Model):
    """A kind of correspondence and its clock: one row per category, edited by the Administrator."""

    name = models.CharField(max_length=80, unique=True)
    regime = models.CharField(max_length=3, choices=Regime.choices, blank=True, default="")
    rule = models.CharField(max_length=5, choices=ClockRule.choices, default=ClockRule.LOCAL)
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(250)],
        help_text="Working days to respond (FOI and local rules). Leave blank for the calendar-month rule.",
    )  # fmt: skip
    review_days = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(250)],
        help_text="Working days to finish an internal review or a complaint about the response.",
    )  # fmt: skip
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Only active categories are offered for new cases.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(rule="sar", days__isnull=True) | (~Q(rule="sar") & Q(days__isnull=False)),
                name="category_days_match_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rule_text(self) -> str:
        if self.rule == ClockRule.SAR:
            return "One calendar month"
        calendar = "any UK nation" if self.rule == ClockRule.FOI else "England and Wales"
        return f"{self.days} working days ({calendar} bank holidays)"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"
    WEB_FORM = "web_form", "Web form"
    SOCIAL_MEDIA = "social_media", "Social media"
    IN_PERSON = "in_person", "In person"


class Representative(models.TextChoices):
    NONE = "", "No"
    MP = "mp", "Member of Parliament"
    COUNCILLOR = "councillor", "Councillor"


class Team(models.TextChoices):
    BUSINESS_SUPPORT = "business_support", "Business Support Team"
    POLICY = "policy", "Policy team"
    ENGAGEMENT = "engagement", "Engagement team"
    COMMISSIONING = "commissioning", "Commissioning team"
    COMPLAINTS = "complaints", "Complaint reviews team"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_INFORMATION = "awaiting_information", "Awaiting information"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


OPEN = [
    CaseStatus.RECEIVED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_INFORMATION,
    CaseStatus.REOPENED,
]


class Outcome(models.TextChoices):
    """FOI/EIR outcome (regulatory.md §4.3)."""

    FULL = "full", "Information provided in full"
    PART = "part", "Information provided in part"
    REFUSED = "refused", "Refused (exemptions applied)"
    NOT_HELD = "not_held", "Information not held"
    VEXATIOUS = "vexatious", "Refused as vexatious or repeated"


class ReopenReason(models.TextChoices):
    INTERNAL_REVIEW = "internal_review", "Internal review requested"
    COMPLAINT = "complaint", "Complaint about the response"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "Original response upheld"
    PARTLY = "partly", "Partly overturned"
    OVERTURNED = "overturned", "Overturned"


class CaseQuerySet(models.QuerySet):
    def for_list(self) -> CaseQuerySet:
        return self.select_related("category", "assigned_to", "area")

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN)

    def running(self) -> CaseQuerySet:
        """Open with the clock running (not stopped awaiting information)."""
        return self.open().filter(clock_stopped_since__isnull=True)

    def overdue(self, today: dt.date) -> CaseQuerySet:
        return self.running().filter(due_on__lt=today)

    def due_by(self, last_day: dt.date) -> CaseQuerySet:
        return self.running().filter(due_on__lte=last_day)

    def assigned_to_user(self, user) -> CaseQuerySet:
        return self.open().filter(assigned_to=user)

    def received_in(self, start: dt.date, end: dt.date) -> CaseQuerySet:
        return self.filter(received_on__gte=start, received_on__lte=end)


class Case(TextRules, AuditedModel):
    """One piece of correspondence or casework, from receipt to response and close."""

    PLAIN_TEXT = ("correspondent_name", "correspondent_organisation", "on_behalf_of", "subject")

    reference = models.CharField(max_length=20, unique=True, editable=False)
    received_at = models.DateTimeField("date and time received")
    received_on = models.DateField(editable=False, help_text="The London date of received_at.")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases")
    # The correspondent: a person, an organisation or both; minimised to what a reply needs.
    correspondent_name = models.CharField(max_length=150, blank=True)
    correspondent_organisation = models.CharField(max_length=150, blank=True)
    correspondent_email = models.EmailField(blank=True)
    correspondent_phone = models.CharField(max_length=30, blank=True)
    correspondent_address = models.TextField(blank=True)
    representative = models.CharField(
        "MP or councillor", max_length=10, choices=Representative.choices, blank=True, default=""
    )
    on_behalf_of = models.CharField("writing on behalf of", max_length=150, blank=True)
    subject = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who handles it
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    team = models.CharField(max_length=20, choices=Team.choices, default=Team.BUSINESS_SUPPORT)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The clock (computed by the services)
    due_on = models.DateField(editable=False)
    clock_stopped_since = models.DateField(null=True, blank=True, editable=False)
    extended_on = models.DateField(
        "date the requester was told of the extension", null=True, blank=True, editable=False
    )
    extension_reason = models.TextField(blank=True, editable=False)
    # The response
    responded_on = models.DateField(null=True, blank=True, editable=False)
    response_due_on = models.DateField("due date when responded", null=True, blank=True, editable=False)
    working_days_taken = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, editable=False)
    exemptions = models.TextField("exemptions applied", blank=True, editable=False)
    response_note = models.TextField(blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    # Internal review or complaint about the response
    reopen_reason = models.CharField(max_length=16, choices=ReopenReason.choices, blank=True, editable=False)
    review_requested_on = models.DateField(null=True, blank=True, editable=False)
    review_due_on = models.DateField(null=True, blank=True, editable=False)
    review_outcome = models.CharField(
        max_length=10, choices=ReviewOutcome.choices, blank=True, editable=False
    )
    review_completed_on = models.DateField(null=True, blank=True, editable=False)
    # What it became (one-way links into the later modules)
    complaint_review = models.ForeignKey(
        "complaints.Review", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grant_application = models.ForeignKey(
        "grants.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("record_engagement", "Can record correspondence, calls, events, consultations and awards"),
            ("work_with_youth_commissioners", "Can see and record Youth Commissioners (minors)"),
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="case_received_idx"),
            models.Index(fields=["received_on"], name="case_received_on_idx"),
            models.Index(fields=["status", "due_on"], name="case_status_due_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_idx"),
            models.Index(fields=["category", "received_on"], name="case_category_idx"),
            models.Index(fields=["responded_on"], name="case_responded_idx"),
            # The list's "Due" sort, and its text search (migration 0003; PostgreSQL only).
            models.Index(fields=["due_on", "id"], name="case_due_idx"),
            models.Index(fields=["due_on", "id"], condition=Q(status__in=OPEN), name="case_open_due_idx"),
            trigram_index("subject", name="case_subject_trgm"),
            trigram_index("correspondent_name", name="case_name_trgm"),
            trigram_index("correspondent_organisation", name="case_organisation_trgm"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            trigram_index("on_behalf_of", name="case_behalf_trgm"),
            trigram_index("correspondent_address", name="case_address_trgm"),
            pattern_index("correspondent_email", name="case_email_upper"),
            digits_index("correspondent_phone", name="case_phone_digits"),
            pattern_index("reference", name="case_reference_upper"),
            fulltext_index("subject", name="case_subject_fts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=models.F("received_on")),
                name="case_responded_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:case", args=[self.pk])

    @property
    def correspondent(self) -> str:
        parts = [p for p in (self.correspondent_name, self.correspondent_organisation) if p]
        return ", ".join(parts) or "Not given"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_subject_access(self) -> bool:
        """A subject access request: what opcc.privacy.disclosure answers (it never names this module)."""
        return self.category.regime == Regime.SAR


class StopReason(models.TextChoices):
    CLARIFICATION = "clarification", "Clarification sought"
    ID = "id", "Proof of identity awaited"
    FEE = "fee", "Fee awaited"


class ClockStop(AuditedModel):
    """A period the clock did not run: from the day the office asked to the day the answer came."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stops")
    reason = models.CharField(max_length=13, choices=StopReason.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="clock_stop_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="clock_stop_one_open_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.started_on:%d/%m/%Y}"


class DueDateChange(models.Model):
    """Append-only: each time a case's due date moved, from what to what and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="due_changes")
    previous_due_on = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    reason = models.CharField(max_length=200)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.previous_due_on} → {self.due_on} ({self.reason})"


class CallDay(models.Model):
    """Calls the Business Support Team answered on one day: a daily total, or added one by one."""

    date = models.DateField(unique=True)
    calls_answered = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(5000)])
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(calls_answered__lte=5000), name="call_day_at_most_5000"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.calls_answered} calls"
