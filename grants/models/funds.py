"""Grant funds, allocations, organisations, applications and what follows an approval.

Rules that hold for one row live here (clean() and constraints); rules across rows, money and
status changes live in grants/services.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from opcc.core.dates import long_date
from opcc.core.indexes import digits_index, pattern_index, squashed_index, trigram_index
from opcc.core.models import AuditedModel, FinancialYear, LocalAuthority, PolicingArea
from opcc.core.text import TextRules, has_letter_or_number, normalise_name


class _MoneyField(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _MoneyField = {"max_digits": 12, "decimal_places": 2}
PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
CHARITY_NUMBER = re.compile(r"^(\d{6,7}(-\d{1,2})?|SC\d{6}|NIC?\d{5,6}|\d{3}NI)$")
COMPANY_NUMBER = re.compile(r"^((\d{8})|((SC|NI|OC|SO|NC|IP|SP|RS|CE|CS|GE)\d{6}))$")
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def positive_money(field_name: str) -> Q:
    return Q(**{f"{field_name}__gt": 0})


class Fund(TextRules, AuditedModel):
    class Source(models.TextChoices):
        POCA = "poca", "Proceeds of Crime Act 2002"
        POLICE_PROPERTY = "police_property", "Police (Property) Act 1897"
        OPCC_BUDGET = "opcc_budget", "OPCC budget"

    name = models.CharField(max_length=150, unique=True)
    code = models.CharField(max_length=10, unique=True, help_text="Used in application references, e.g. HCF.")
    source = models.CharField(max_length=20, choices=Source.choices)
    predecessor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successors"
    )
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-active", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def charitable_purposes_only(self) -> bool:
        """Police (Property) Act money may only go to charitable purposes."""
        return self.source == self.Source.POLICE_PROPERTY


class FundYearQuerySet(models.QuerySet):
    def with_budget(self) -> FundYearQuerySet:
        """Annotate `top_ups_total` and `budget` (envelope + top-ups) in the database."""
        per_year = TopUp.objects.filter(fund_year=models.OuterRef("pk")).values("fund_year")
        top_ups = per_year.annotate(s=models.Sum("amount")).values("s")
        return self.annotate(
            top_ups_total=Coalesce(models.Subquery(top_ups), ZERO, output_field=models.DecimalField(**MONEY))
        ).annotate(budget=models.F("envelope") + models.F("top_ups_total"))


class FundYear(TextRules, AuditedModel):
    """A fund in one financial year: the envelope ("up to £400,000"), the maximum award."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="years")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    envelope = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    max_award = models.DecimalField("maximum single award", **MONEY, validators=[MinValueValidator(PENNY)])
    is_open = models.BooleanField("open for applications", default=True)

    objects = FundYearQuerySet.as_manager()

    class Meta:
        ordering = ["fund__name", "-financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "financial_year"], name="uniq_fund_year"),
            models.CheckConstraint(condition=positive_money("envelope"), name="fund_year_envelope_positive"),
            models.CheckConstraint(
                condition=positive_money("max_award"), name="fund_year_max_award_positive"
            ),
        ]
        permissions = [("manage_funds", "Can manage funds, top-ups and allocation lines")]

    def __str__(self) -> str:
        return f"{self.fund} {self.financial_year}"

    def get_absolute_url(self) -> str:
        return reverse("grants:fund_year", args=[self.pk])


class TopUp(TextRules, AuditedModel):
    """Extra money released into a fund year (e.g. "an extra £166,000"), with its decision."""

    fund_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="top_ups")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    date = models.DateField()
    reason = models.TextField()
    decision_reference = models.CharField(max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=positive_money("amount"), name="top_up_positive")]

    def __str__(self) -> str:
        return f"Top-up {self.amount} to {self.fund_year}"

    def clean(self) -> None:
        if self.fund_year_id and self.date:
            message = top_up_date_problem(self.fund_year, self.date)
            if message:
                raise ValidationError({"date": message})


def top_up_date_problem(fund_year: FundYear, day) -> str:
    """Why a top-up cannot be dated `day` (outside its fund year, 1 April to 31 March), or ""."""
    year = fund_year.financial_year
    if not isinstance(day, dt.date) or year.contains(day):
        return ""  # no date at all is the date field's own error
    return (
        f"The date of the decision must be in {year.label}, between {long_date(year.start_date)} and "
        f"{long_date(year.end_date)}."
    )


class AllocationLine(TextRules, AuditedModel):
    """The part of a fund year charged to one policing area or named pot."""

    fund_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="lines")
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("allocation", **MONEY, validators=[MinValueValidator(ZERO)], default=ZERO)

    class Meta:
        ordering = ["fund_year", "area__sort_order", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["fund_year", "area"], name="uniq_line_per_area"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return str(self.area)

    def clean(self) -> None:
        if self.fund_year_id and self.area_id:
            start = self.fund_year.financial_year.start_year
            if not self.area.is_valid_in(start):
                raise ValidationError(
                    {"area": f"{self.area} is not a policing area or pot in {self.fund_year.financial_year}."}
                )


class Theme(models.Model):
    """Issues grants tackle (domain.md §1c.2 vocabulary); editable in the admin."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TextRules, AuditedModel):
    class Type(models.TextChoices):
        COMMUNITY_GROUP = "community_group", "Voluntary and community group"
        CHARITY = "charity", "Charity"
        CIC = "cic", "Community interest company"
        FAITH_GROUP = "faith_group", "Faith group"
        SCHOOL = "school", "School"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        OTHER = "other", "Other"

    PLAIN_TEXT = ("name",)

    name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    org_type = models.CharField("type", max_length=20, choices=Type.choices)
    charity_number = models.CharField(max_length=12, blank=True, db_index=True)
    company_number = models.CharField(max_length=10, blank=True, db_index=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    areas_served = models.ManyToManyField(LocalAuthority, blank=True, related_name="+")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    safeguarding_policy_held = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # The list's sorts and filter, each ending in the pk (grants migration 0005).
            models.Index(fields=["name", "id"], name="org_name_id"),
            models.Index(fields=["org_type", "name", "id"], name="org_type_name"),
            models.Index(fields=["charity_number", "id"], name="org_charity_id"),
            models.Index(fields=["company_number", "id"], name="org_company_id"),
            models.Index(fields=["postcode", "id"], name="org_postcode_id"),
            trigram_index("name", name="org_name_trgm"),  # PostgreSQL only
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            trigram_index("contact_name", name="org_contact_trgm"),
            pattern_index("contact_email", name="org_email_upper"),
            digits_index("contact_phone", name="org_phone_digits"),
            squashed_index("postcode", name="org_postcode_squashed"),
            pattern_index("charity_number", name="org_charity_upper"),
            pattern_index("company_number", name="org_company_upper"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:organisation", args=[self.pk])

    def clean_fields(self, exclude=None) -> None:
        # Tidy what people type before the length checks run ("  b36  8ab " is a valid postcode).
        self.postcode = " ".join((self.postcode or "").upper().split())
        self.charity_number = (self.charity_number or "").strip()
        self.company_number = (self.company_number or "").strip()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        self.charity_number = self.charity_number.strip().upper().replace(" ", "")
        self.company_number = self.company_number.strip().upper().replace(" ", "")
        if self.company_number.isdigit() and 6 <= len(self.company_number) < 8:
            # Companies House keeps leading zeros people drop ("1234567"); "12" is a typo, not "00000012".
            self.company_number = self.company_number.zfill(8)
        self.postcode = " ".join(self.postcode.upper().split())
        if self.postcode and " " not in self.postcode and len(self.postcode) >= 5:
            self.postcode = f"{self.postcode[:-3]} {self.postcode[-3:]}"
        if self.charity_number and not CHARITY_NUMBER.match(self.charity_number):
            errors["charity_number"] = "Enter a charity number like 1164883 (Scotland: SC012345)."
        if self.company_number and not COMPANY_NUMBER.match(self.company_number):
            errors["company_number"] = "Enter a company number of 8 characters, like 01234567 or SC123456."
        if self.postcode and not UK_POSTCODE.match(self.postcode):
            errors["postcode"] = "Enter a real postcode, like B1 1AA."
        if self.name and not has_letter_or_number(self.name):
            errors["name"] = "Enter a name with at least one letter or number."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)
