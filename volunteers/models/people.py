"""Volunteers of the two custody schemes, their training and their availability.

A volunteer may be put on a visit, a rota slot or a call-out only while active, with police vetting,
every course their scheme requires and their three-year accreditation in date
(`volunteers.services.eligibility`). The expiry dates are stored so the "expiring" and "expired"
lists filter on an index.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opcc.core.indexes import digits_index, pattern_index, squashed_index, trigram_index
from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules

ACCREDITATION_YEARS = 3


class Scheme(models.TextChoices):
    ICV = "icv", "Independent custody visiting"
    AA = "aa", "Appropriate adults"
    BOTH = "both", "Both schemes"


class VolunteerStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    INTERVIEWED = "interviewed", "Interviewed"
    REFERENCES = "references", "References"
    VETTING = "vetting", "Vetting"
    TRAINING = "training", "Training"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    LEFT = "left", "Left"


class VettingLevel(models.TextChoices):
    NPPV1 = "nppv1", "NPPV level 1"
    NPPV2 = "nppv2", "NPPV level 2"
    NPPV3 = "nppv3", "NPPV level 3"
    ENHANCED_DBS = "enhanced_dbs", "Enhanced DBS"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def schemes_of(scheme: str) -> frozenset[str]:
    return frozenset({Scheme.ICV, Scheme.AA}) if scheme == Scheme.BOTH else frozenset({scheme})


class VolunteerQuerySet(models.QuerySet):
    def in_scheme(self, scheme: str) -> VolunteerQuerySet:
        return self.filter(scheme__in=[scheme, Scheme.BOTH])

    def active(self) -> VolunteerQuerySet:
        return self.filter(status=VolunteerStatus.ACTIVE)

    def expiring(self, *, on: dt.date, within_days: int = 60) -> VolunteerQuerySet:
        """Active volunteers whose vetting, accreditation or a training record runs out soon."""
        until = on + dt.timedelta(days=within_days)
        soon = Q(vetting_expires_on__gte=on, vetting_expires_on__lte=until) | Q(
            reaccreditation_due_on__gte=on, reaccreditation_due_on__lte=until
        )
        training = Q(training__expires_on__gte=on, training__expires_on__lte=until)
        ids = self.filter(training).values("pk")
        return self.active().filter(soon | Q(pk__in=ids))

    def expired(self, *, on: dt.date) -> VolunteerQuerySet:
        """Active volunteers with vetting or accreditation already out of date, or none recorded."""
        return self.active().filter(
            Q(vetting_expires_on__lt=on)
            | Q(vetting_expires_on__isnull=True)
            | Q(reaccreditation_due_on__lt=on)
            | Q(reaccreditation_due_on__isnull=True)
        )


class Volunteer(TextRules, AuditedModel):
    PLAIN_TEXT = ("first_name", "last_name")

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    scheme = models.CharField(max_length=4, choices=Scheme.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.ForeignKey(
        PolicingArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        help_text="The team's area (one team per neighbourhood policing unit).",
    )
    team = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=12, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLICANT
    )
    status_changed_on = models.DateField()
    status_reason = models.TextField(blank=True, help_text="Why the volunteer was suspended or left.")
    applied_on = models.DateField()
    appointed_on = models.DateField(null=True, blank=True)
    reaccreditation_due_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    vetting_level = models.CharField(max_length=12, choices=VettingLevel.choices, blank=True)
    vetting_cleared_on = models.DateField(null=True, blank=True)
    vetting_expires_on = models.DateField(null=True, blank=True)
    independence_declared_on = models.DateField(
        null=True, blank=True, help_text="Declared no current police role (officer, staff, special) or JP."
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        permissions = [("coordinate_volunteers", "Can record custody scheme work")]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="vol_name_idx"),
            models.Index(fields=["status", "scheme"], name="vol_status_scheme_idx"),
            models.Index(fields=["vetting_expires_on"], name="vol_vetting_idx"),
            models.Index(fields=["reaccreditation_due_on"], name="vol_reaccredit_idx"),
            trigram_index("last_name", name="vol_last_name_trgm"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            trigram_index("first_name", name="vol_first_name_trgm"),
            pattern_index("email", name="vol_email_upper"),
            digits_index("phone", name="vol_phone_digits"),
            squashed_index("postcode", name="vol_postcode_squashed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(vetting_expires_on__isnull=True)
                | Q(vetting_cleared_on__isnull=True)
                | Q(vetting_expires_on__gt=models.F("vetting_cleared_on")),
                name="vol_vetting_expires_after_clearance",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def schemes(self) -> frozenset[str]:
        return schemes_of(self.scheme)

    def get_absolute_url(self) -> str:
        return reverse("volunteers:volunteer", args=[self.pk])

    def clean(self) -> None:
        if (
            self.status in (VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT)
            and not self.status_reason.strip()
        ):
            raise ValidationError({"status_reason": "Give the reason the volunteer was suspended or left."})


class Course(models.Model):
    """A training course, the schemes that require it, and how long a completion stays valid."""

    name = models.CharField(max_length=100, unique=True)
    required_for_icv = models.BooleanField(default=False, verbose_name="required for custody visitors")
    required_for_aa = models.BooleanField(default=False, verbose_name="required for appropriate adults")
    valid_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave blank if a completion never expires."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def required_for(self, schemes: frozenset[str]) -> bool:
        return (Scheme.ICV in schemes and self.required_for_icv) or (
            Scheme.AA in schemes and self.required_for_aa
        )


class TrainingRecord(AuditedModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="training")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "pk"]
        indexes = [models.Index(fields=["expires_on"], name="vol_training_expires_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "course", "completed_on"], name="vol_training_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="vol_training_expires_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%d/%m/%Y})"


class Availability(AuditedModel):
    """A time an appropriate adult has said they can be called out (the AA availability rota)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name_plural = "availability"
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="vol_availability_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="vol_availability_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.starts_at:%d/%m/%Y %H:%M} to {self.ends_at:%H:%M}"
