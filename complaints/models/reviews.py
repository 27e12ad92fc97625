"""A complaint review: the application, the relevant-review-body check, the review and its outcome.

One row per application for review. The clock dates (`window_ends_on`, `acknowledge_by`,
`decide_by`) are stored, computed by the services on the working-day engine, so lists filter and
sort by them on an index instead of computing a clock per row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opcc.core.indexes import digits_index, pattern_index, squashed_index, trigram_index
from opcc.core.models import AuditedModel
from opcc.core.text import TextRules

from .vocab import SubjectCategory


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FORWARDED = "forwarded", "Forwarded to the IOPC"
    INVALID = "invalid", "Invalid"
    OUT_OF_TIME = "out_of_time", "Out of time"
    UNDER_REVIEW = "under_review", "Under review"
    AWAITING_FORCE = "awaiting_force", "Awaiting force information"
    DECIDED = "decided", "Decided"
    RECOMMENDATIONS_OUTSTANDING = "recommendations_outstanding", "Recommendations outstanding"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.ACKNOWLEDGED, Status.UNDER_REVIEW, Status.AWAITING_FORCE})
# Cases a decision is still owed on: the "decide within N working days" clock runs.
UNDECIDED = OPEN_STATUSES


class HandlingType(models.TextChoices):
    INVESTIGATED = "investigated", "Investigated (Schedule 3 paragraph 25)"
    OTHERWISE = "otherwise", "Otherwise than by investigation (Schedule 3 paragraph 6A)"
    OUTSIDE = "outside", "Outside Schedule 3 (no right of review)"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"
    WEB_FORM = "web_form", "Web form"
    IN_PERSON = "in_person", "In person"


class PreferredChannel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"


class Result(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class InvalidReason(models.TextChoices):
    NO_RIGHT = "no_right", "No right of review"
    NOT_SCHEDULE_3 = "not_schedule_3", "Not a Schedule 3 complaint"
    WITHDRAWN = "withdrawn", "Withdrawn by the complainant"
    OTHER = "other", "Other"


class ReviewQuerySet(models.QuerySet):
    def for_list(self) -> ReviewQuerySet:
        return self.select_related("reviewer")

    def undecided(self) -> ReviewQuerySet:
        return self.filter(status__in=UNDECIDED)

    def to_acknowledge(self) -> ReviewQuerySet:
        return self.filter(status=Status.RECEIVED)

    # "Overdue" and "due within N working days" follow the clock each row shows (acknowledge-by
    # until acknowledged, then decide-by): complaints.filters.overdue_q / due_within_q.

    def awaiting_decision_by(self, user) -> ReviewQuerySet:
        """Under review with this user as reviewer and no conflict declared by them."""
        return self.filter(status=Status.UNDER_REVIEW, reviewer=user).exclude(conflicts__user=user)


class Review(TextRules, AuditedModel):
    Status = Status
    PLAIN_TEXT = ("complainant_name", "representative_name")
    SPECIAL_CATEGORY = ("reasonable_adjustments",)  # may reveal health: UK GDPR Art. 9

    reference = models.CharField(max_length=20, unique=True, editable=False)
    force_reference = models.CharField("force's complaint reference", max_length=40)
    # The complainant and any representative
    complainant_name = models.CharField(max_length=150)
    complainant_email = models.EmailField(blank=True)
    complainant_phone = models.CharField(max_length=30, blank=True)
    complainant_address = models.TextField(blank=True)
    complainant_postcode = models.CharField(max_length=10, blank=True)
    preferred_channel = models.CharField(max_length=10, choices=PreferredChannel.choices)
    reasonable_adjustments = models.TextField(
        blank=True, help_text="Special category data: record only what the office needs to act on."
    )
    representative_name = models.CharField(max_length=150, blank=True)
    representative_contact = models.TextField("representative's contact details", blank=True)
    # The complaint
    complaint_made_on = models.DateField("date the complaint was made")
    handling_type = models.CharField(max_length=15, choices=HandlingType.choices)
    subjects = models.ManyToManyField(SubjectCategory, blank=True, related_name="reviews")
    summary = models.TextField("what the complaint is about", blank=True)
    # The application and its 28-day window
    review_info_given_on = models.DateField("date the review information was given")
    received_on = models.DateField("date the application was received")
    received_channel = models.CharField("how it was received", max_length=10, choices=Channel.choices)
    window_ends_on = models.DateField("last day to apply", editable=False)
    in_time = models.BooleanField(editable=False, default=True)
    extension_reason = models.TextField(blank=True, editable=False)
    extension_granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    extension_granted_on = models.DateField(null=True, blank=True, editable=False)
    # Validity and the relevant review body
    valid = models.BooleanField(null=True, blank=True, editable=False)
    invalid_reason = models.CharField(
        max_length=15, choices=InvalidReason.choices, blank=True, editable=False
    )
    invalid_note = models.TextField(blank=True, editable=False)
    forwarded_on = models.DateField("date forwarded to the IOPC", null=True, blank=True, editable=False)
    # Service standards, computed at intake
    acknowledge_by = models.DateField(editable=False)
    decide_by = models.DateField(editable=False)
    acknowledged_on = models.DateField(null=True, blank=True, editable=False)
    # The review
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    result = models.CharField(max_length=10, choices=Result.choices, blank=True, editable=False)
    result_reasons = models.TextField(blank=True, editable=False)
    decided_on = models.DateField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    closed_on = models.DateField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.RECEIVED, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__gte=models.F("review_info_given_on")),
                name="review_received_after_info",
            ),
            models.CheckConstraint(
                condition=Q(review_info_given_on__gte=models.F("complaint_made_on")),
                name="review_info_after_complaint",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | ~Q(result=""), name="review_decided_has_result"
            ),
            # The list's "decided up to" filter also bounds the received date on this rule.
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("received_on")),
                name="review_decided_after_received",
            ),
        ]
        indexes = [
            models.Index(fields=["received_on", "id"], name="review_received_id"),
            models.Index(fields=["status", "received_on", "id"], name="review_status_received"),
            models.Index(fields=["status", "decide_by", "id"], name="review_status_decide_by"),
            models.Index(fields=["reviewer", "status", "decide_by"], name="review_reviewer_status"),
            models.Index(fields=["decided_on", "id"], name="review_decided_id"),
            models.Index(fields=["result", "decided_on"], name="review_result_decided"),
            models.Index(fields=["decide_by", "id"], name="review_decide_by_id"),
            models.Index(fields=["complainant_name", "id"], name="review_name_id"),
            pattern_index("reference", name="review_reference_upper"),
            pattern_index("force_reference", name="review_force_ref_upper"),
            trigram_index("complainant_name", name="review_name_trgm"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            trigram_index("representative_name", name="review_rep_name_trgm"),
            pattern_index("complainant_email", name="review_email_upper"),
            digits_index("complainant_phone", name="review_phone_digits"),
            squashed_index("complainant_postcode", name="review_postcode_squashed"),
        ]
        permissions = [
            ("decide_review", "Can decide, extend and close complaint reviews"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("complaints:review", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def extension_granted(self) -> bool:
        return self.extension_granted_on is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        for field, label in (
            ("complaint_made_on", "date the complaint was made"),
            ("review_info_given_on", "date the review information was given"),
            ("received_on", "date the application was received"),
        ):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = f"The {label} cannot be in the future."
        if self.review_info_given_on and self.received_on and self.received_on < self.review_info_given_on:
            errors.setdefault(
                "received_on", "The application cannot arrive before the review information was given."
            )
        if (
            self.complaint_made_on
            and self.review_info_given_on
            and self.review_info_given_on < self.complaint_made_on
        ):
            errors.setdefault(
                "review_info_given_on",
                "The review information cannot be given before the complaint was made.",
            )
        if errors:
            raise ValidationError(errors)
