"""Complaints oversight registers: dip samples, panel members, hearings, appeals, long investigations.

No officer is named anywhere here: hearings and appeals carry the force's reference and a rank band.
Panel members are appointed by the fair rota (`complaints.services.rota`), which records who it
passed over and why.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opcc.core.indexes import digits_index, pattern_index, trigram_index
from opcc.core.models import AuditedModel
from opcc.core.text import TextRules

__all__ = [
    "Appeal",
    "Appointment",
    "DipSample",
    "DipSampleAction",
    "Hearing",
    "LongInvestigation",
    "PanelMember",
    "RankBand",
    "RotaSkip",
]


class RankBand(models.TextChoices):
    CONSTABLE_SERGEANT = "constable_sergeant", "Constable or sergeant"
    INSPECTOR = "inspector", "Inspector or chief inspector"
    SUPERINTENDENT = "superintendent", "Superintendent or chief superintendent"
    SENIOR = "senior", "Senior officer (above chief superintendent)"
    STAFF = "staff", "Police staff"


class DipSample(TextRules, AuditedModel):
    class Scope(models.TextChoices):
        COMPLAINTS = "complaints", "Complaints"
        MISCONDUCT = "misconduct", "Misconduct"
        VETTING = "vetting", "Vetting"

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned"
        FIELDWORK = "fieldwork", "Fieldwork"
        REPORTED = "reported", "Reported"
        CLOSED = "closed", "Actions complete"

    month = models.DateField(help_text="The first day of the month the sample was examined.")
    scope = models.CharField(max_length=12, choices=Scope.choices)
    theme = models.CharField(max_length=120, help_text="For example: police investigations, incivility.")
    cases_examined = models.PositiveIntegerField(validators=[MaxValueValidator(100_000)])
    findings = models.TextField(blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.PLANNED)
    reported_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["month", "id"], name="dip_month_id")]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="dip_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:dip_sample", args=[self.pk])


class DipSampleAction(TextRules, AuditedModel):
    """A recommendation from a dip sample and its follow-up."""

    dip_sample = models.ForeignKey(DipSample, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.TextField()
    owner = models.CharField("who acts on it", max_length=120, blank=True)
    due_on = models.DateField(null=True, blank=True)
    follow_up = models.TextField("follow-up", blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.recommendation[:60]


class PanelMember(TextRules, AuditedModel):
    """An independent panel member or legally qualified person on the office's lists."""

    class Role(models.TextChoices):
        LQC = "lqc", "Legally qualified chair"
        LQP = "lqp", "Legally qualified person (adviser)"
        IPM = "ipm", "Independent panel member"
        PAT_CHAIR = "pat_chair", "Police Appeals Tribunal chair"
        PAT_MEMBER = "pat_member", "Police Appeals Tribunal member"

    PLAIN_TEXT = ("name",)

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=12, choices=Role.choices)
    qualified = models.BooleanField(
        "has disciplinary qualifications or experience",
        default=False,
        help_text="One of a hearing's two independent members must have them (from 7 May 2024).",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    region = models.CharField(max_length=80, blank=True)
    term_starts_on = models.DateField()
    term_ends_on = models.DateField()
    vetting_expires_on = models.DateField()
    last_trained_on = models.DateField(null=True, blank=True)
    training_notes = models.TextField(blank=True)
    declared_interests = models.TextField(blank=True)
    unavailable_from = models.DateField(null=True, blank=True)
    unavailable_until = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True, help_text="Untick when the member leaves the list.")

    class Meta:
        ordering = ["role", "name", "pk"]
        indexes = [
            models.Index(fields=["role", "active"], name="member_role_active"),
            models.Index(fields=["name", "id"], name="member_name_id"),
            models.Index(fields=["vetting_expires_on", "id"], name="member_vetting_id"),
            models.Index(fields=["term_ends_on", "id"], name="member_term_ends_id"),
            # Finding a person (issue 13, opcc.privacy.search): digits and postcode expressions anywhere, the rest on PostgreSQL.
            trigram_index("name", name="member_name_trgm"),
            pattern_index("email", name="member_email_upper"),
            digits_index("phone", name="member_phone_digits"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__gte=models.F("term_starts_on")), name="member_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(unavailable_from__isnull=True)
                | Q(unavailable_until__isnull=True)
                | Q(unavailable_until__gte=models.F("unavailable_from")),
                name="member_unavailable_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("complaints:panel_member", args=[self.pk])

    def clean(self) -> None:
        if self.term_starts_on and self.term_ends_on and self.term_ends_on < self.term_starts_on:
            raise ValidationError({"term_ends_on": "The term cannot end before it starts."})
        if (
            self.unavailable_from
            and self.unavailable_until
            and self.unavailable_until < self.unavailable_from
        ):
            raise ValidationError(
                {"unavailable_until": "The end of the unavailable dates is before the start."}
            )

    def unavailable_on(self, day) -> bool:
        if self.unavailable_from is None and self.unavailable_until is None:
            return False
        starts = self.unavailable_from or day
        ends = self.unavailable_until or day
        return starts <= day <= ends


class Hearing(TextRules, AuditedModel):
    class Kind(models.TextChoices):
        MISCONDUCT = "misconduct", "Misconduct hearing"
        ACCELERATED = "accelerated", "Accelerated hearing"
        DISMISSAL = "dismissal", "Dismissal hearing"

    class Stage(models.TextChoices):
        REQUESTED = "requested", "Requested"
        MEMBERS_APPOINTED = "members_appointed", "Members appointed"
        HELD = "held", "Held"
        ADJOURNED = "adjourned", "Adjourned"
        CANCELLED = "cancelled", "Cancelled"

    force_reference = models.CharField(max_length=40)
    requested_on = models.DateField("date the force asked for members")
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    rank_band = models.CharField("officer's rank band", max_length=20, choices=RankBand.choices)
    starts_on = models.DateField("first hearing day")
    ends_on = models.DateField("last hearing day", null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REQUESTED)
    outcome = models.TextField(blank=True)
    outcome_notified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["starts_on", "id"], name="hearing_starts_id"),
            models.Index(fields=["stage", "starts_on"], name="hearing_stage_starts"),
            pattern_index("force_reference", name="hearing_ref_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hearing_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=models.F("requested_on")), name="hearing_after_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force_reference} ({self.get_kind_display()}, {self.starts_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("complaints:hearing", args=[self.pk])

    def clean(self) -> None:
        if self.requested_on and self.requested_on > timezone.localdate():
            raise ValidationError({"requested_on": "The request date cannot be in the future."})
        if self.starts_on and self.requested_on and self.starts_on < self.requested_on:
            raise ValidationError(
                {"starts_on": "The hearing cannot start before the force asked for members."}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last hearing day cannot be before the first."})


class Appeal(TextRules, AuditedModel):
    """A notice of appeal to a Police Appeals Tribunal and the tribunal the office arranges."""

    class Against(models.TextChoices):
        DISMISSAL = "dismissal", "Dismissal"
        OTHER_OUTCOME = "other_outcome", "Another disciplinary outcome"
        FINDING = "finding", "The finding of misconduct"

    class Stage(models.TextChoices):
        RECEIVED = "received", "Notice received"
        ARRANGED = "arranged", "Tribunal arranged"
        HEARD = "heard", "Heard"
        DETERMINED = "determined", "Determined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Appeal allowed"
        DISMISSED = "dismissed", "Appeal dismissed"
        VARIED = "varied", "Outcome varied"

    force_reference = models.CharField(max_length=40)
    received_on = models.DateField("date the notice was received")
    against = models.CharField(max_length=15, choices=Against.choices)
    rank_band = models.CharField("officer's rank band", max_length=20, choices=RankBand.choices)
    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals",
        help_text="The hearing appealed against, if it is on the register.",
    )  # fmt: skip
    tribunal_arranged_on = models.DateField(null=True, blank=True)
    tribunal_on = models.DateField("tribunal hearing date", null=True, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.RECEIVED)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="appeal_received_id"),
            models.Index(fields=["stage", "received_on"], name="appeal_stage_received"),
            pattern_index("force_reference", name="appeal_ref_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tribunal_on__isnull=True) | Q(tribunal_on__gte=models.F("received_on")),
                name="appeal_tribunal_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force_reference} (notice {self.received_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("complaints:appeal", args=[self.pk])


class Appointment(AuditedModel):
    """A member appointed to a hearing or a tribunal (exactly one of the two)."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="appointments"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="appointments"
    )
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(max_length=12, choices=PanelMember.Role.choices)
    sits_on = models.DateField(help_text="The hearing or tribunal date: the rota orders members by it.")
    by_rota = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["member", "sits_on"], name="appointment_member_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hearing__isnull=False, appeal__isnull=True)
                | Q(hearing__isnull=True, appeal__isnull=False),
                name="appointment_one_occasion",
            ),
            models.UniqueConstraint(fields=["hearing", "member"], name="one_seat_per_hearing"),
            models.UniqueConstraint(fields=["appeal", "member"], name="one_seat_per_appeal"),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.hearing or self.appeal}"


class RotaSkip(AuditedModel):
    """A member the rota passed over for a hearing or tribunal, and why (the rota is auditable)."""

    class Reason(models.TextChoices):
        UNAVAILABLE = "unavailable", "Unavailable on the date"
        CONFLICT = "conflict", "Conflict of interest"
        TERM_ENDED = "term_ended", "Term of appointment ended"
        VETTING_EXPIRED = "vetting_expired", "Vetting expired"
        DECLINED = "declined", "Declined"
        QUALIFICATION = "qualification", "Passed over: the seat needed a qualified member"

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="skips"
    )
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="skips")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="skips")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hearing__isnull=False, appeal__isnull=True)
                | Q(hearing__isnull=True, appeal__isnull=False),
                name="skip_one_occasion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_reason_display()}"


class LongInvestigation(TextRules, AuditedModel):
    """An investigation that passed 12 months, notified to the Commissioner (PRA Sch 3 para 20A)."""

    force_reference = models.CharField(max_length=40)
    started_on = models.DateField("date the investigation started", null=True, blank=True)
    notified_on = models.DateField("date the office was notified")
    reason_for_delay = models.TextField()
    report_received_on = models.DateField("date the force's report was received", null=True, blank=True)
    closed_on = models.DateField("date the investigation concluded", null=True, blank=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["notified_on", "id"], name="longinv_notified_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("notified_on")),
                name="longinv_closed_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force_reference} (notified {self.notified_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("complaints:long_investigation", args=[self.pk])

    @property
    def stage(self) -> str:
        if self.closed_on:
            return "Concluded"
        return "Report received" if self.report_received_on else "Notified"
