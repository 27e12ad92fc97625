"""Community events the Commissioner and office attend, and the consultations the office runs.

Consultation totals are never typed: they are the sums of the phases' responses and attendees.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules


class EventType(models.TextChoices):
    """The kinds of event the annual reports name (domain.md §1c.7)."""

    RESIDENTS_GROUP = "residents_group", "Residents' group"
    WARD_FORUM = "ward_forum", "Ward forum"
    CIVIC = "civic", "Civic event"
    PARTNERS = "partners", "Partners"
    BUSINESSES = "businesses", "Businesses"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
    MPS_COUNCILLORS = "mps_councillors", "MPs and councillors"
    FAITH_GROUP = "faith_group", "Faith group"
    POLICE_VISIT = "police_visit", "Visit to West Midlands Police"
    CONFERENCE = "conference", "Conference"
    COMMUNITY_MEETING = "community_meeting", "Community and stakeholder meeting or forum"
    RESIDENT_EVENT = "resident_event", "Local resident event"
    WORKSHOP = "workshop", "Workshop"
    BUSINESS_MEETING = "business_meeting", "Business meeting"
    FOCUS_GROUP = "focus_group", "Focus group"
    UNIVERSITY = "university", "University"
    FESTIVAL = "festival", "Mela or other festival"
    WALKABOUT = "walkabout", "Community walkabout"
    ASSEMBLY = "assembly", "Citizens UK accountability assembly"


class EventStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ATTENDED = "attended", "Attended"
    CANCELLED = "cancelled", "Cancelled"


class EventQuerySet(models.QuerySet):
    def for_list(self) -> EventQuerySet:
        return self.select_related("area", "consultation")

    def attended_by_commissioner(self) -> EventQuerySet:
        return self.filter(status=EventStatus.ATTENDED, commissioner=True)

    def between(self, start: dt.date, end: dt.date) -> EventQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class Event(TextRules, AuditedModel):
    PLAIN_TEXT = ("title",)

    date = models.DateField()
    title = models.CharField(max_length=200)
    event_type = models.CharField("type", max_length=20, choices=EventType.choices)
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.ATTENDED)
    # Who attended for the office
    commissioner = models.BooleanField("the Commissioner attended", default=False)
    deputy = models.BooleanField("the Deputy Commissioner attended", default=False)
    other_office_holders = models.BooleanField("other office holders attended", default=False)
    staff = models.BooleanField("office staff attended", default=False)
    audience_estimate = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    consultation = models.ForeignKey(
        "Consultation", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    notes = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["-date", "-id"], name="event_date_idx"),
            models.Index(fields=["status", "commissioner", "date"], name="event_commissioner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:event", args=[self.pk])

    @property
    def attended_by(self) -> list[str]:
        names = [
            ("commissioner", "Commissioner"),
            ("deputy", "Deputy Commissioner"),
            ("other_office_holders", "Other office holders"),
            ("staff", "Office staff"),
        ]
        return [label for field, label in names if getattr(self, field)]


class Purpose(models.TextChoices):
    PLAN = "plan", "Police and Crime Plan"
    PRECEPT = "precept", "Precept and budget"
    YOUTH = "youth", "Young people"
    VICTIMS = "victims", "Victims"
    OTHER = "other", "Other"


class Consultation(TextRules, AuditedModel):
    PLAIN_TEXT = ("title",)

    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    summary = models.TextField(blank=True)
    report_url = models.URLField("published report (web address)", blank=True)
    report_published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["-opens_on", "-id"], name="consultation_opens_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="consultation_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:consultation", args=[self.pk])


class PhaseType(models.TextChoices):
    CALL_FOR_EVIDENCE = "call_for_evidence", "Call for evidence"
    ROUNDTABLE = "roundtable", "Roundtable discussion"
    SURVEY = "survey", "Survey"
    YOUTH = "youth", "Youth consultation"
    COMMUNITY = "community", "Community consultation"
    FOCUS_GROUP = "focus_group", "Focus group"
    PUBLIC_MEETING = "public_meeting", "Public meeting"
    OTHER = "other", "Other"


class Measure(models.TextChoices):
    RESPONSES = "responses", "Responses"
    ATTENDEES = "attendees", "Attendees"


class ConsultationPhase(TextRules, AuditedModel):
    PLAIN_TEXT = ("title",)

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    phase_type = models.CharField("type", max_length=20, choices=PhaseType.choices)
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    measure = models.CharField(max_length=10, choices=Measure.choices, default=Measure.RESPONSES)
    count = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(10_000_000)])

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="phase_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_order"),
        ]

    def __str__(self) -> str:
        return f"Phase {self.number}: {self.title}"


class ConsultationResult(TextRules, AuditedModel):
    """A headline result as published: "66% in favour of a council tax rise"."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="results")
    phase = models.ForeignKey(
        ConsultationPhase, on_delete=models.CASCADE, null=True, blank=True, related_name="results"
    )
    metric = models.CharField(max_length=250)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(
        max_length=10, choices=[("percent", "Percent"), ("count", "Count")], default="count"
    )

    class Meta:
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return self.metric
