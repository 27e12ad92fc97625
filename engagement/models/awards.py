"""The Outstanding Citizens Awards: editions, categories, and nominations through judging."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from opcc.core.indexes import digits_index, pattern_index, trigram_index
from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules


class AwardCategory(models.Model):
    """An award category (edited in the admin): "Outstanding Young Citizen", …"""

    name = models.CharField(max_length=100, unique=True)
    for_young_people = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "award categories"

    def __str__(self) -> str:
        return self.name


class AwardEdition(TextRules, AuditedModel):
    number = models.PositiveSmallIntegerField(unique=True, help_text="7 for the 7th awards.")
    nominations_open_on = models.DateField()
    nominations_close_on = models.DateField()
    ceremony_on = models.DateField(null=True, blank=True)
    categories = models.ManyToManyField(AwardCategory, related_name="editions")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_on__gte=models.F("nominations_open_on")),
                name="edition_window_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{ordinal(self.number)} Outstanding Citizens Awards"

    def get_absolute_url(self) -> str:
        return reverse("engagement:edition", args=[self.pk])


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class NomineeKind(models.TextChoices):
    PERSON = "person", "A person"
    GROUP = "group", "A group or project"


class NominationStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ELIGIBLE = "eligible", "Eligible"
    SHORTLISTED = "shortlisted", "Shortlisted"
    WINNER = "winner", "Winner"
    RUNNER_UP = "runner_up", "Runner-up"
    NOT_SELECTED = "not_selected", "Not selected"


class Nomination(TextRules, AuditedModel):
    PLAIN_TEXT = ("nominee_name", "nominator_name")

    edition = models.ForeignKey(AwardEdition, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="nominations")
    nominee_name = models.CharField(max_length=150)
    nominee_kind = models.CharField(max_length=6, choices=NomineeKind.choices, default=NomineeKind.PERSON)
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nominator_name = models.CharField(max_length=150)
    nominator_contact = models.CharField("nominator's email or phone", max_length=150, blank=True)
    citation = models.TextField(help_text="Why the nominee deserves the award.")
    young_person = models.BooleanField("the nominee is a young person (under 18)", default=False)
    publicity_consent = models.BooleanField("the nominee agrees to be named in publicity", default=False)
    received_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=NominationStatus.choices, default=NominationStatus.RECEIVED
    )
    decision_note = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["edition", "category", "nominee_name", "pk"]
        indexes = [
            models.Index(fields=["edition", "status"], name="nomination_edition_status_idx"),
            # Finding a person (issue 13, opcc.privacy.search): digits anywhere, the rest on PostgreSQL.
            trigram_index("nominee_name", name="nomination_nominee_trgm"),
            trigram_index("nominator_name", name="nomination_nominator_trgm"),
            pattern_index("nominator_contact", name="nomination_contact_upper"),
            digits_index("nominator_contact", name="nomination_contact_digits"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "category"],
                condition=Q(status="winner"),
                name="nomination_one_winner_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} ({self.category})"

    def get_absolute_url(self) -> str:
        return reverse("engagement:nomination", args=[self.pk])
