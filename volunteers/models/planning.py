"""Visit planning: a rota of custody visitor pairs for the coming weeks.

A slot holds exactly two different eligible custody visitors; the unique constraint stops the same
person being put in one slot twice. The weekly visit target lives on the suite (core reference data).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from opcc.core.models import AuditedModel, CustodySuite

from .people import Volunteer
from .visits import CustodyVisit


class TimeBand(models.TextChoices):
    MORNING = "morning", "Morning (06:00 to 12:00)"
    AFTERNOON = "afternoon", "Afternoon (12:00 to 18:00)"
    EVENING = "evening", "Evening (18:00 to 00:00)"
    NIGHT = "night", "Night (00:00 to 06:00)"


# Start hour of each band, and the band an hour of the day falls in (for the heatmap).
BAND_STARTS = {TimeBand.NIGHT: 0, TimeBand.MORNING: 6, TimeBand.AFTERNOON: 12, TimeBand.EVENING: 18}


def band_of(hour: int) -> TimeBand:
    return [band for band, start in sorted(BAND_STARTS.items(), key=lambda i: i[1]) if hour >= start][-1]


class RotaSlotQuerySet(models.QuerySet):
    def for_list(self) -> RotaSlotQuerySet:
        return self.select_related("suite", "visit").prefetch_related("visitors")


class RotaSlot(AuditedModel):
    suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="rota_slots")
    day = models.DateField()
    band = models.CharField(max_length=10, choices=TimeBand.choices)
    visitors: models.ManyToManyField = models.ManyToManyField(
        Volunteer, through="RotaAssignment", related_name="rota_slots"
    )
    visit = models.OneToOneField(
        CustodyVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rota_slot",
        help_text="The visit made for this slot, once recorded.",
    )
    cancelled_reason = models.CharField(max_length=500, blank=True)

    objects = RotaSlotQuerySet.as_manager()

    class Meta:
        ordering = ["day", "band", "suite", "pk"]
        indexes = [models.Index(fields=["day", "suite"], name="rota_day_suite_idx")]
        constraints = [
            models.UniqueConstraint(fields=["suite", "day", "band"], name="rota_one_slot_per_band")
        ]

    def __str__(self) -> str:
        return f"{self.suite} {self.day:%d/%m/%Y} {self.get_band_display()}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:rota")


class RotaAssignment(models.Model):
    slot = models.ForeignKey(RotaSlot, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="rota_assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "volunteer"], name="rota_volunteer_once_per_slot")
        ]

    def __str__(self) -> str:
        return str(self.volunteer)
