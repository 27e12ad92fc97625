"""An application's life: assessment, decisions, the award, payments, monitoring, variations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opcc.core.indexes import fulltext_index, pattern_index, trigram_index
from opcc.core.models import AuditedModel, PolicingArea
from opcc.core.text import TextRules

from .funds import MONEY, PENNY, ZERO, AllocationLine, Fund, FundYear, Organisation, Theme, positive_money


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ELIGIBILITY_CHECK = "eligibility_check", "Eligibility check"
    INELIGIBLE = "ineligible", "Ineligible"
    ASSESSED = "assessed", "Assessed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned for more information"
    AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
    PAID = "paid", "Paid"
    MONITORING_DUE = "monitoring_due", "Monitoring due"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ApplicationQuerySet(models.QuerySet):
    def for_list(self) -> ApplicationQuerySet:
        return self.select_related(
            "organisation", "fund_year__fund", "fund_year__financial_year", "allocation_line__area", "award"
        )

    def awaiting_decision(self) -> ApplicationQuerySet:
        return self.filter(status=Status.ASSESSED)

    def decidable_by(self, user) -> ApplicationQuerySet:
        """Awaiting a decision, excluding those this user entered, assessed or declared a conflict on."""
        return (
            self.awaiting_decision()
            .exclude(entered_by=user)
            .exclude(assessment__assessed_by=user)
            .exclude(conflicts__user=user)
        )

    def funded(self) -> ApplicationQuerySet:
        return self.filter(award__isnull=False)


class Application(TextRules, AuditedModel):
    Status = Status
    PLAIN_TEXT = ("project_title",)  # published: no direction overrides

    reference = models.CharField(max_length=20, unique=True, editable=False)
    fund_year = models.ForeignKey(FundYear, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    project_title = models.CharField(max_length=140)
    summary = models.TextField()
    allocation_line = models.ForeignKey(
        AllocationLine,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="area or pot charged",
    )
    # The line's area, copied so the list filters by area on one index that also serves its sort
    # (through the line, an old area's rows were found by walking every newer row: 1 s at 2 million).
    # Kept in step with the line by save(); null only until the first save.
    area = models.ForeignKey(
        PolicingArea, on_delete=models.PROTECT, related_name="+", editable=False, null=True, blank=True,
        db_index=False,
    )  # fmt: skip
    themes = models.ManyToManyField(Theme, blank=True, related_name="applications")
    amount_requested = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    beneficiaries = models.CharField("who benefits", max_length=300)
    beneficiaries_count = models.PositiveIntegerField("how many people benefit")
    planned_start = models.DateField()
    planned_end = models.DateField()
    received_on = models.DateField("date received")
    crime_reduction_rationale = models.TextField(
        "how it reduces crime and disorder",
        blank=True,
        help_text="Published in the grants register (Specified Information Order).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField("what is missing", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=positive_money("amount_requested"), name="requested_positive"),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("planned_start")), name="application_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "fund_year"]),
            models.Index(fields=["fund_year", "received_on"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["amount_requested"]),
            # The list's filters and sorts, each ending in the pk (grants migration 0005).
            models.Index(fields=["received_on", "id"], name="app_received_id"),
            models.Index(fields=["status", "received_on", "id"], name="app_status_received"),
            models.Index(fields=["fund_year", "received_on", "id"], name="app_fund_year_received"),
            models.Index(fields=["allocation_line", "received_on", "id"], name="app_line_received"),
            models.Index(fields=["area", "received_on", "id"], name="app_area_received"),
            models.Index(fields=["organisation", "received_on", "id"], name="app_org_received"),
            models.Index(fields=["status", "id"], name="app_status_id"),
            models.Index(fields=["project_title", "id"], name="app_title_id"),
            models.Index(fields=["amount_requested", "id"], name="app_amount_id"),
            # PostgreSQL only (the migration skips them elsewhere): reference prefix, title words.
            pattern_index("reference", name="app_reference_upper"),
            trigram_index("project_title", name="app_title_trgm"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            fulltext_index("project_title", name="app_title_fts"),
        ]
        permissions = [
            ("decide_application", "Can approve, reject or return grant applications"),
            ("export_publications", "Can export 360Giving data and the grants register"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.project_title}"

    def get_absolute_url(self) -> str:
        return reverse("grants:application", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if self.allocation_line_id and (update_fields is None or "allocation_line" in update_fields):
            cached = self._state.fields_cache.get("allocation_line")
            if cached is not None and cached.pk == self.allocation_line_id:
                self.area_id = cached.area_id
            else:
                self.area_id = AllocationLine.objects.values_list("area_id", flat=True).get(
                    pk=self.allocation_line_id
                )
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "area"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.utils import timezone

        errors = {}
        if self.planned_start and self.planned_end and self.planned_end <= self.planned_start:
            errors["planned_end"] = "The planned end date must be after the planned start date."
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "The date received cannot be in the future."
        line = self.allocation_line if self.allocation_line_id else None
        if line is not None and self.fund_year_id and line.fund_year_id != self.fund_year_id:
            errors["allocation_line"] = "Choose an area or pot of this fund year."
        if errors:
            raise ValidationError(errors)


class Assessment(TextRules, AuditedModel):
    class Recommendation(models.TextChoices):
        FUND_IN_FULL = "fund_in_full", "Fund in full"
        FUND_IN_PART = "fund_in_part", "Fund in part"
        DECLINE = "decline", "Decline"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="assessment")
    in_area = models.BooleanField("project is in the force area", default=False)
    constituted = models.BooleanField("constituted group", default=False)
    safeguarding = models.BooleanField("safeguarding policy in place", default=False)
    within_max_award = models.BooleanField("within the maximum award", default=False)
    plan_aligned = models.BooleanField("aligned with the Police and Crime Plan", default=False)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommended_amount = models.DecimalField(**MONEY, null=True, blank=True)
    reasons = models.TextField(blank=True)
    conflict_of_interest = models.BooleanField("assessor has a conflict of interest", default=False)
    conflict_details = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    CHECKS = ("in_area", "constituted", "safeguarding", "within_max_award", "plan_aligned")

    def __str__(self) -> str:
        return f"Assessment of {self.application.reference}"

    @property
    def failed_checks(self) -> list[str]:
        return [str(self._meta.get_field(c).verbose_name) for c in self.CHECKS if not getattr(self, c)]  # type: ignore[union-attr]

    @property
    def eligible(self) -> bool:
        return not self.failed_checks


class ConflictDeclaration(TextRules, AuditedModel):
    """A user's declared conflict of interest: they may not decide this application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    details = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="uniq_conflict")]

    def __str__(self) -> str:
        return f"{self.user} on {self.application.reference}"


class Decision(TextRules, AuditedModel):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        RETURNED = "returned", "Returned for more information"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.application.reference}"


class AwardQuerySet(models.QuerySet):
    def committed_expression(self):
        """What an award still takes from its line: withdrawn awards keep only what stays paid."""
        return models.F("amount") - models.F("released_amount") - models.F("recovered_amount")


class Award(TextRules, AuditedModel):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="awards", help_text="The fund that paid it."
    )
    amount = models.DecimalField("amount awarded", **MONEY, validators=[MinValueValidator(PENNY)])
    original_amount = models.DecimalField(**MONEY, editable=False)
    offered_on = models.DateField("offer date")
    agreement_signed_on = models.DateField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    purpose = models.TextField(blank=True, help_text="Public description of what the grant pays for.")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True)
    released_amount = models.DecimalField(
        "unpaid amount returned to the line", **MONEY, default=ZERO, editable=False
    )
    recovered_amount = models.DecimalField(**MONEY, default=ZERO)
    # The application's fund year, copied so the report pack reads one year's awards by an index
    # (grants.statistics); an application's year never changes, so neither does this.
    fund_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, related_name="+", editable=False, blank=True, db_index=False
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=positive_money("amount"), name="award_positive"),
            models.CheckConstraint(condition=Q(released_amount__gte=0), name="released_not_negative"),
            models.CheckConstraint(condition=Q(recovered_amount__gte=0), name="recovered_not_negative"),
        ]
        indexes = [
            models.Index(fields=["offered_on"]),
            models.Index(fields=["fund_year"], name="award_fund_year"),
        ]

    def __str__(self) -> str:
        return f"Award {self.application.reference}"

    def save(self, *args, **kwargs) -> None:
        if self.fund_year_id is None:  # writers other than the services (imports, factories)
            self.fund_year_id = self.application.fund_year_id
        super().save(*args, **kwargs)


class Payment(TextRules, AuditedModel):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    finance_reference = models.CharField(max_length=50)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The award's fund year, copied for the same reason as Award.fund_year.
    fund_year = models.ForeignKey(
        FundYear, on_delete=models.PROTECT, related_name="+", editable=False, blank=True, db_index=False
    )

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=positive_money("amount"), name="payment_positive")]
        indexes = [models.Index(fields=["fund_year"], name="payment_fund_year")]

    def __str__(self) -> str:
        return f"Payment {self.finance_reference}"

    def save(self, *args, **kwargs) -> None:
        if self.fund_year_id is None:
            self.fund_year_id = self.award.fund_year_id
        super().save(*args, **kwargs)


class MonitoringReturnQuerySet(models.QuerySet):
    def overdue(self, today):
        return self.filter(received_on__isnull=True, due_on__lt=today)


class MonitoringReturn(TextRules, AuditedModel):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="monitoring_returns")
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    beneficiaries_reached = models.PositiveIntegerField(null=True, blank=True)
    outcomes = models.TextField(blank=True)
    spend_confirmed = models.DecimalField(**MONEY, null=True, blank=True)

    objects = MonitoringReturnQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["received_on", "due_on"])]

    def __str__(self) -> str:
        return f"Monitoring due {self.due_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.spend_confirmed is not None and self.spend_confirmed < 0:
            raise ValidationError({"spend_confirmed": "Spend confirmed cannot be negative."})


class Variation(TextRules, AuditedModel):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="variations")
    previous_amount = models.DecimalField(**MONEY)
    new_amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    previous_end = models.DateField(null=True, blank=True)
    new_end = models.DateField(null=True, blank=True)
    reason = models.TextField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()

    class Meta:
        ordering = ["approved_on", "pk"]

    def __str__(self) -> str:
        return f"Variation of {self.award}"
