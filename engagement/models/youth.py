"""Youth Commissioners: cohorts, their members (minors: an age band, never a date of birth) and
activities. Members are seen only with `engagement.work_with_youth_commissioners`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opcc.core.indexes import trigram_index
from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules


class YouthCohort(TextRules, AuditedModel):
    PLAIN_TEXT = ("name",)

    name = models.CharField(max_length=100, unique=True)
    elected_on = models.DateField("election date")
    term_starts_on = models.DateField()
    term_ends_on = models.DateField()
    votes_cast = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(10_000_000)])

    class Meta:
        ordering = ["-term_starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=models.F("term_starts_on")), name="cohort_term_order"
            ),
            models.CheckConstraint(
                condition=Q(term_starts_on__gte=models.F("elected_on")), name="cohort_elected_first"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:cohort", args=[self.pk])


class AgeBand(models.TextChoices):
    AGE_13_14 = "13-14", "13 to 14"
    AGE_15_16 = "15-16", "15 to 16"
    AGE_17_18 = "17-18", "17 to 18"
    AGE_19_25 = "19-25", "19 to 25"


class MemberStatus(models.TextChoices):
    ELECTED = "elected", "Elected"
    INDUCTED = "inducted", "Inducted"
    ACTIVE = "active", "Active"
    TERM_ENDED = "term_ended", "Term ended"
    STOOD_DOWN = "stood_down", "Stood down"


class YouthCommissioner(TextRules, AuditedModel):
    PLAIN_TEXT = ("name",)

    cohort = models.ForeignKey(YouthCohort, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=150)
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField("age band at election", max_length=5, choices=AgeBand.choices)
    status = models.CharField(max_length=10, choices=MemberStatus.choices, default=MemberStatus.ELECTED)

    class Meta:
        ordering = ["cohort", "area__sort_order", "name"]
        indexes = [
            models.Index(fields=["cohort", "area"], name="youth_cohort_area_idx"),
            trigram_index("name", name="youth_name_trgm"),  # finding a person (issue 13), PostgreSQL only
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_repr(self) -> str:
        """The audit trail's reader (the Administrator) may not see a member's name: they are minors."""
        return f"Youth Commissioner {self.pk}"


class ActivityKind(models.TextChoices):
    SUMMIT = "summit", "Youth summit"
    BOARD_REPORT = "board_report", "Report to the board"
    SURVEY = "survey", "Survey"
    AWARD = "award", "Award"
    OTHER = "other", "Other"


class YouthActivity(TextRules, AuditedModel):
    PLAIN_TEXT = ("title",)

    cohort = models.ForeignKey(YouthCohort, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=12, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField()
    responses = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10_000_000)], help_text="Survey responses."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "youth activities"

    def __str__(self) -> str:
        return self.title
