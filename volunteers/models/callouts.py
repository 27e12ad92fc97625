"""Appropriate Adult call-outs: a custody sergeant's request, who went, what they attended, the outcome.

The detainee is a custody number, never a name; the requesting officer a rank and collar number.
Unfilled and cancelled requests are kept with their reason: the fill rate counts them.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from opcc.core.indexes import pattern_index
from opcc.core.models import AuditedModel, CustodySuite
from opcc.core.text import TextRules

from .people import Volunteer


class CallOutStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ASSIGNED = "assigned", "Assigned"
    ATTENDED = "attended", "Attended"
    COMPLETED = "completed", "Completed"
    UNFILLED = "unfilled", "Unfilled"
    CANCELLED = "cancelled", "Cancelled"


class DetaineeAge(models.TextChoices):
    ADULT = "adult", "Adult (18 or over)"
    JUVENILE = "juvenile", "Juvenile (under 18)"


class Rank(models.TextChoices):
    PC = "pc", "Constable"
    DC = "dc", "Detective Constable"
    PS = "ps", "Sergeant"
    DS = "ds", "Detective Sergeant"
    INSP = "insp", "Inspector"
    DI = "di", "Detective Inspector"
    DETENTION_OFFICER = "do", "Detention officer"


class Vulnerability(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    AUTISM = "autism", "Autism"
    OTHER = "other", "Other"


class Process(models.TextChoices):
    RIGHTS = "rights", "Rights and entitlements"
    INTERVIEW = "interview", "Interview"
    CHARGE = "charge", "Charge"
    SEARCH = "search", "Search"
    IDENTIFICATION = "identification", "Identification"
    REVIEW = "review", "Detention review"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    CHARGED = "charged", "Charged"
    BAILED = "bailed", "Bailed"
    RUI = "rui", "Released under investigation"
    CAUTIONED = "cautioned", "Cautioned"
    OTHER = "other", "Other"


class UnfilledReason(models.TextChoices):
    NO_AA = "no_aa", "No appropriate adult available"
    OUT_OF_HOURS = "out_of_hours", "Out of hours"
    DECLINED_BY_POLICE = "declined_by_police", "Declined by the police"
    OTHER = "other", "Other"


class CallOutQuerySet(models.QuerySet):
    def for_list(self) -> CallOutQuerySet:
        return self.select_related("suite", "volunteer")

    def in_year(self, start_year: int) -> CallOutQuerySet:
        return self.filter(
            requested_on__gte=dt.date(start_year, 4, 1), requested_on__lte=dt.date(start_year + 1, 3, 31)
        )


class CallOut(TextRules, AuditedModel):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    requested_at = models.DateTimeField()
    requested_on = models.DateField(
        editable=False, help_text="The local date of the request (lists and years)."
    )
    suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="callouts")
    officer_rank = models.CharField(max_length=4, choices=Rank.choices)
    officer_number = models.CharField(max_length=10, verbose_name="collar number")
    custody_number = models.CharField(max_length=30)
    detainee_age = models.CharField(max_length=8, choices=DetaineeAge.choices, default=DetaineeAge.ADULT)
    # Several vulnerabilities and processes may apply: one flag each, so lists filter and the report
    # pack counts them in the database, on PostgreSQL and SQLite alike.
    vulnerable_mental_health = models.BooleanField("mental health", default=False)
    vulnerable_learning_disability = models.BooleanField("learning disability", default=False)
    vulnerable_autism = models.BooleanField("autism", default=False)
    vulnerable_other = models.BooleanField("other vulnerability", default=False)
    vulnerability_note = models.CharField(max_length=500, blank=True)
    attended_rights = models.BooleanField("rights and entitlements", default=False)
    attended_interview = models.BooleanField("interview", default=False)
    attended_charge = models.BooleanField("charge", default=False)
    attended_search = models.BooleanField("search", default=False)
    attended_identification = models.BooleanField("identification", default=False)
    attended_review = models.BooleanField("detention review", default=False)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, null=True, blank=True, related_name="callouts"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    response_minutes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    attendances = models.PositiveSmallIntegerField(
        default=1, help_text="Visits to the suite for this detainee."
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    status = models.CharField(max_length=10, choices=CallOutStatus.choices, default=CallOutStatus.REQUESTED)
    unfilled_reason = models.CharField(max_length=20, choices=UnfilledReason.choices, blank=True)
    status_reason = models.TextField(blank=True, help_text="Why the request was unfilled or cancelled.")
    notes = models.TextField(blank=True)

    objects = CallOutQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "call-out"
        indexes = [
            models.Index(fields=["-requested_at", "-id"], name="callout_requested_idx"),
            models.Index(fields=["status", "requested_on"], name="callout_status_idx"),
            models.Index(fields=["requested_on"], name="callout_day_idx"),
            models.Index(fields=["custody_number"], name="callout_custody_number_idx"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            pattern_index("reference", name="callout_reference_upper"),
            pattern_index("custody_number", name="callout_custody_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(arrived_at__gte=F("requested_at")),
                name="callout_arrived_after_request",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("arrived_at")),
                name="callout_ended_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "unfilled", "cancelled"]) | Q(volunteer__isnull=False),
                name="callout_assigned_has_volunteer",
            ),
            models.CheckConstraint(condition=Q(attendances__gte=1), name="callout_attendances_positive"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("volunteers:callout", args=[self.pk])

    @property
    def vulnerabilities(self) -> list[str]:
        return [v for v in Vulnerability.values if getattr(self, f"vulnerable_{v}")]

    @property
    def processes(self) -> list[str]:
        return [p for p in Process.values if getattr(self, f"attended_{p}")]

    @property
    def vulnerability_labels(self) -> list[str]:
        return [str(Vulnerability(v).label) for v in self.vulnerabilities]

    @property
    def process_labels(self) -> list[str]:
        return [str(Process(p).label) for p in self.processes]
