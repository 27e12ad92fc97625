"""Reference data every module shares: financial years, areas by year, custody suites, closures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Access(models.Model):
    """Holds the module permissions only; no table (Django needs a model to hang them on)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("access_grants", "Can use the grants module"),
            ("access_complaints", "Can use the complaint reviews module"),
            ("access_volunteers", "Can use the custody visitor and appropriate adult schemes"),
            ("access_engagement", "Can use correspondence and engagement"),
            ("access_reports", "Can build and download annual report statistics"),
            ("access_admin", "Can use the admin backoffice"),
        ]

    def __str__(self) -> str:
        return "Module access"


class AuditedModel(models.Model):
    """Base for domain models: timestamps and full history with the acting user."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class FinancialYearQuerySet(models.QuerySet):
    def containing(self, day: dt.date) -> FinancialYearQuerySet:
        return self.filter(start_year=FinancialYear.start_year_for(day))


class FinancialYear(models.Model):
    """1 April to 31 March, written "2024/25"; stored by its start year."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return fy_label(self.start_year)

    @property
    def start_date(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end_date(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def is_current(self) -> bool:
        return self.start_year == self.start_year_for(timezone.localdate())

    def contains(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    @staticmethod
    def start_year_for(day: dt.date) -> int:
        return day.year if day.month >= 4 else day.year - 1

    @classmethod
    def parse_label(cls, text: str) -> int:
        """Start year from "2024/25" (also "2024-25", "2024/2025"); ValueError otherwise."""
        cleaned = text.strip().replace("-", "/")
        parts = cleaned.split("/")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f'"{text}" is not a financial year: write it like 2024/25.')
        start, end = int(parts[0]), int(parts[1])
        if end % 100 != (start + 1) % 100 or len(parts[1]) not in (2, 4):
            raise ValueError(f'"{text}" is not a financial year: the second year must follow the first.')
        return start


class LocalAuthority(models.Model):
    """The seven local authorities, each with its Community Safety Partnership."""

    name = models.CharField(max_length=100, unique=True)
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    community_safety_partnership = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class PolicingAreaQuerySet(models.QuerySet):
    def valid_in(self, start_year: int) -> PolicingAreaQuerySet:
        return self.filter(valid_from_year__lte=start_year).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=start_year)
        )


class PolicingArea(models.Model):
    """An NPU (to 2023/24), an LPA (from 2024/25) or an allocation-only line, valid by year."""

    class Kind(models.TextChoices):
        NPU = "npu", "Neighbourhood Policing Unit"
        LPA = "lpa", "Local Policing Area"
        ALLOCATION_LINE = "allocation_line", "Allocation-only line"

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="policing_areas"
    )
    valid_from_year = models.PositiveSmallIntegerField(
        help_text="Start year of the first financial year it is valid in (2024 for 2024/25)."
    )
    valid_to_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Start year of the last financial year; blank if current."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = PolicingAreaQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind", "valid_from_year"], name="uniq_area_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=models.F("valid_from_year")),
                name="area_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["valid_from_year", "valid_to_year"])]

    def __str__(self) -> str:
        return self.name

    @property
    def validity(self) -> str:
        end = fy_label(self.valid_to_year) if self.valid_to_year else "now"
        return f"{fy_label(self.valid_from_year)} to {end}"

    def is_valid_in(self, start_year: int) -> bool:
        return self.valid_from_year <= start_year and (
            self.valid_to_year is None or start_year <= self.valid_to_year
        )


class CustodySuiteQuerySet(models.QuerySet):
    def open_between(self, first: dt.date, last: dt.date) -> CustodySuiteQuerySet:
        """Suites open on any day from `first` to `last` (a year's figures count these)."""
        return self.filter(
            models.Q(opened_on__isnull=True) | models.Q(opened_on__lte=last),
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=first),
        )


class CustodySuite(models.Model):
    name = models.CharField(max_length=100, unique=True)
    policing_area = models.ForeignKey(
        PolicingArea, on_delete=models.PROTECT, null=True, blank=True, related_name="custody_suites"
    )
    active = models.BooleanField(default=True)
    opened_on = models.DateField(null=True, blank=True, help_text="Leave blank if open before records began.")
    closed_on = models.DateField(null=True, blank=True, help_text="The last day the suite took detainees.")
    weekly_visit_target = models.PositiveSmallIntegerField(
        default=1, help_text="Custody visits a week the scheme aims for (0 for a reserve suite)."
    )
    notes = models.TextField(blank=True)

    objects = CustodySuiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="suite_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def open_on(self, day: dt.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or day <= self.closed_on
        )


class ClosureDayQuerySet(models.QuerySet):
    def as_dates(self) -> frozenset[dt.date]:
        """The closure dates, in the form `opcc.core.workdays` takes as `closures`."""
        return frozenset(self.values_list("date", flat=True))


class ClosureDay(models.Model):
    """A one-off non-working day (e.g. a state funeral) that every statutory clock skips.

    Deadline code passes `ClosureDay.objects.as_dates()` to the working-day engine as `closures`.
    """

    date = models.DateField(unique=True)
    description = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = ClosureDayQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.description}"

    def clean(self) -> None:
        if self.date and self.date.weekday() >= 5:
            raise ValidationError({"date": "This date is a weekend, which is never a working day."})


class ReferenceCounter(models.Model):
    """Last number issued per key (e.g. "HCF-2024"); locked row by row so references never clash."""

    key = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


# Documents and letter templates live in their own package; imported here so they are core's models.
from opcc.core.documents.models import Document, LetterTemplate  # noqa: E402, F401
