"""Custody visits: who went, when they were admitted, what they found, and the detainee counts.

Detainees are never named: the counts are per age group and sex, and the database refuses the
impossible (a negative cell, accepted + refused ≠ offered, offered > detained), as in the 2019/20
published table whose young-females row reads offered 24, accepted 27, refused minus 3.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from opcc.core.indexes import pattern_index
from opcc.core.models import AuditedModel, CustodySuite
from opcc.core.text import TextRules

from .people import Volunteer

# Minutes between arriving and being admitted that the Code's "admitted immediately" flags.
ADMISSION_DELAY_FLAG_MINUTES = 10


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    TELEPHONE = "telephone", "Telephone"


class AgeGroup(models.TextChoices):
    ADULT = "adult", "Adult"
    YOUNG = "young", "Young people"


class Sex(models.TextChoices):
    MALE = "male", "Males"
    FEMALE = "female", "Females"
    OTHER = "other", "Other"


CELLS = [(age, sex) for age in AgeGroup for sex in Sex]


class NotOfferedReason(models.TextChoices):
    ASLEEP = "asleep", "Asleep"
    RISK = "risk", "Risk assessment"
    INTERVIEW = "interview", "In interview"
    LEGAL = "legal", "With a legal adviser"
    HOSPITAL = "hospital", "At hospital"
    REFUSED_ACCESS = "refused_access", "Police refused access"
    OTHER = "other", "Other"


class CustodyVisitQuerySet(models.QuerySet):
    def for_list(self) -> CustodyVisitQuerySet:
        return self.select_related("suite")

    def in_year(self, start_year: int) -> CustodyVisitQuerySet:
        return self.filter(
            visited_on__gte=dt.date(start_year, 4, 1), visited_on__lte=dt.date(start_year + 1, 3, 31)
        )


class CustodyVisit(TextRules, AuditedModel):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField()
    arrived_at = models.TimeField()
    # Times of day: a night visit may be admitted or leave after midnight (the services allow that).
    admitted_at = models.TimeField()
    left_at = models.TimeField()
    admission_delay_minutes = models.PositiveSmallIntegerField(default=0, editable=False)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.FACE_TO_FACE)
    visitors = models.ManyToManyField(Volunteer, related_name="visits", blank=True)
    pair_exception = models.TextField(
        blank=True, help_text="Why the visit was not made by exactly two active custody visitors."
    )
    detainees_present = models.PositiveSmallIntegerField(help_text="Detainees in custody on arrival.")
    report_submitted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    objects = CustodyVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-arrived_at", "-pk"]
        indexes = [
            models.Index(fields=["-visited_on", "-arrived_at", "-id"], name="visit_date_idx"),
            models.Index(fields=["suite", "visited_on"], name="visit_suite_date_idx"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            pattern_index("reference", name="visit_reference_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.suite} {self.visited_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:visit", args=[self.pk])

    @property
    def delay_flagged(self) -> bool:
        return self.admission_delay_minutes > ADMISSION_DELAY_FLAG_MINUTES


class VisitCount(models.Model):
    """One cell row of the detainee table: detained, offered, accepted and refused for a visit."""

    visit = models.ForeignKey(CustodyVisit, on_delete=models.CASCADE, related_name="counts")
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices)
    sex = models.CharField(max_length=6, choices=Sex.choices)
    detained = models.PositiveSmallIntegerField(default=0)
    offered = models.PositiveSmallIntegerField(default=0)
    accepted = models.PositiveSmallIntegerField(default=0)
    refused = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["visit", "age_group", "sex"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "age_group", "sex"], name="visit_count_one_per_cell"),
            models.CheckConstraint(
                condition=Q(accepted__gte=0, refused__gte=0, offered__gte=0, detained__gte=0),
                name="visit_count_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(offered=F("accepted") + F("refused")), name="visit_count_accepted_refused_offered"
            ),
            models.CheckConstraint(
                condition=Q(offered__lte=F("detained")), name="visit_count_offered_within_detained"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_age_group_display()} {self.get_sex_display()}"


class VisitNotOffered(models.Model):
    """How many detainees were not offered a visit, by reason."""

    visit = models.ForeignKey(CustodyVisit, on_delete=models.CASCADE, related_name="not_offered")
    reason = models.CharField(max_length=16, choices=NotOfferedReason.choices)
    count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["visit", "reason"]
        verbose_name_plural = "not offered"
        constraints = [
            models.UniqueConstraint(fields=["visit", "reason"], name="visit_not_offered_once"),
            models.CheckConstraint(condition=Q(count__gt=0), name="visit_not_offered_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.count}"


class ConditionItem(models.TextChoices):
    CLEANLINESS = "cleanliness", "Cleanliness"
    TEMPERATURE = "temperature", "Temperature"
    TOILETS = "toilets", "Toilets and washing"
    CCTV = "cctv", "CCTV"
    FOOD = "food", "Food stocks"
    BEDDING = "bedding", "Bedding"
    OBSERVATION = "observation", "Observation and checks"


class ConditionResult(models.TextChoices):
    SATISFACTORY = "satisfactory", "Satisfactory"
    UNSATISFACTORY = "unsatisfactory", "Unsatisfactory"
    NOT_CHECKED = "not_checked", "Not checked"


class VisitCondition(models.Model):
    """One line of the suite conditions checklist."""

    visit = models.ForeignKey(CustodyVisit, on_delete=models.CASCADE, related_name="conditions")
    item = models.CharField(max_length=12, choices=ConditionItem.choices)
    result = models.CharField(
        max_length=14, choices=ConditionResult.choices, default=ConditionResult.NOT_CHECKED
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["visit", "item"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="visit_condition_once")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_result_display()}"


class IssueCategory(models.TextChoices):
    RIGHTS = "rights", "Rights and entitlements"
    HEALTH = "health", "Health and wellbeing"
    CONDITIONS = "conditions", "Conditions and facilities"


# Sub-categories by category: (value, label).
SUBCATEGORIES: dict[str, list[tuple[str, str]]] = {
    IssueCategory.RIGHTS: [
        ("notification_of_rights", "Notification of rights"),
        ("legal_advice", "Legal advice"),
        ("codes_of_practice", "Codes of Practice offered"),
        ("interpreter", "Interpreter"),
        ("appropriate_adult", "Appropriate adult"),
        ("informing_someone", "Someone informed of the arrest"),
    ],
    IssueCategory.HEALTH: [
        ("medical_attention", "Medical attention"),
        ("medication", "Medication"),
        ("mental_health", "Mental health"),
        ("food_and_drink", "Food and drink"),
        ("exercise", "Exercise"),
        ("hygiene_packs", "Hygiene packs"),
    ],
    IssueCategory.CONDITIONS: [
        ("cell_cleanliness", "Cell cleanliness"),
        ("temperature", "Temperature"),
        ("blankets", "Blankets and bedding"),
        ("reading_material", "Reading material"),
        ("toilets", "Toilets and washing"),
        ("cctv", "CCTV"),
    ],
}
SUBCATEGORY_LABELS = {value: label for items in SUBCATEGORIES.values() for value, label in items}
SUBCATEGORY_CHOICES = [
    (str(c.label), items) for c, items in ((IssueCategory(k), v) for k, v in SUBCATEGORIES.items())
]


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    ESCALATED = "escalated", "Escalated"
    RESPONDED = "responded", "Force responded"
    CLOSED = "closed", "Closed"


class VisitIssueQuerySet(models.QuerySet):
    def open(self) -> VisitIssueQuerySet:
        return self.exclude(status=IssueStatus.CLOSED)


class VisitIssue(TextRules, AuditedModel):
    visit = models.ForeignKey(CustodyVisit, on_delete=models.PROTECT, related_name="issues")
    category = models.CharField(max_length=12, choices=IssueCategory.choices)
    subcategory = models.CharField(max_length=24, choices=SUBCATEGORY_CHOICES)
    description = models.TextField()
    raised_at_time = models.BooleanField(default=True, verbose_name="raised with custody staff at the time")
    staff_response = models.TextField(blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    objects = VisitIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["-raised_on", "-id"], name="issue_raised_idx"),
            models.Index(fields=["status", "raised_on"], name="issue_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="issue_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="issue_closed_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit.reference}: {self.get_subcategory_display()}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:issue", args=[self.pk])
