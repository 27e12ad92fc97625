"""Organisations and applications up to the decision: enter, submit, check, assess, decide."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from grants.models import (
    AllocationLine,
    Application,
    Assessment,
    Award,
    ConflictDeclaration,
    Decision,
    FundYear,
    Organisation,
    Status,
    Theme,
    normalise_name,
)
from grants.workflow import Action
from opcc.core.permissions import require_perm
from opcc.core.services import next_reference, save

from .common import committed_on_line, gbp, lock_application, money, set_status

ENTER = "grants.change_application"
DECIDE = "grants.decide_application"
APPLICATION_FIELDS = (
    "organisation",
    "allocation_line",
    "project_title",
    "summary",
    "amount_requested",
    "beneficiaries",
    "beneficiaries_count",
    "planned_start",
    "planned_end",
    "received_on",
    "crime_reduction_rationale",
)


def organisation_duplicates(
    *, name: str, charity_number: str = "", company_number: str = "", exclude_pk: int | None = None
):
    """Organisations that are probably the same body: same number or same normalised name."""
    match = Q(normalised_name=normalise_name(name)) if name.strip() else Q(pk__in=[])
    if charity_number.strip():
        match |= Q(charity_number=charity_number.strip().upper().replace(" ", ""))
    if company_number.strip():
        match |= Q(company_number=company_number.strip().upper().replace(" ", "").zfill(8))
    found = Organisation.objects.filter(match)
    return found.exclude(pk=exclude_pk) if exclude_pk else found


@transaction.atomic
def organisation_save(
    *, by, organisation: Organisation | None = None, areas_served=(), **fields
) -> Organisation:
    """Create or update an organisation; bank details are never stored here."""
    require_perm(by, "grants.change_organisation", action="edit organisations")
    organisation = organisation or Organisation()
    for name, value in fields.items():
        setattr(organisation, name, value)
    created = organisation.pk is None
    save(organisation, by=by, reason="Organisation added" if created else "Organisation changed")
    organisation.areas_served.set(areas_served)
    return organisation


@transaction.atomic
def application_create(*, by, fund_year: FundYear, themes: Iterable[Theme] = (), **fields) -> Application:
    """A draft application with its reference (HCF-2024-0001) taken race-safely."""
    require_perm(by, "grants.add_application", action="enter applications")
    # Read it again: the caller's copy may predate the fund year being closed.
    fund_year = FundYear.objects.select_related("fund", "financial_year").get(pk=fund_year.pk)
    if not fund_year.is_open:
        raise ValidationError(f"{fund_year} is closed to new applications.")
    if "amount_requested" in fields:
        fields["amount_requested"] = money(fields["amount_requested"], field="amount_requested")
    application = Application(fund_year=fund_year, entered_by=by, status=Status.DRAFT, **fields)
    application.reference = "pending"
    application.full_clean(exclude=["reference"])
    _check_line(application)
    application.reference = next_reference(
        prefix=fund_year.fund.code, year=fund_year.financial_year.start_year
    )
    application.status_changed_at = timezone.now()
    save(application, by=by, reason="Application entered")
    application.themes.set(themes)
    return application


@transaction.atomic
def application_update(
    *, application: Application, by, themes: Iterable[Theme] | None = None, **fields
) -> Application:
    require_perm(by, ENTER, action="edit applications")
    locked, _ = lock_application(application, Action.EDIT)
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        if name == "amount_requested":
            value = money(value, field="amount_requested")
        setattr(locked, name, value)
    _check_line(locked)
    save(locked, by=by, reason="Application details changed")
    if themes is not None:
        locked.themes.set(themes)
    return locked


@transaction.atomic
def application_submit(*, application: Application, by) -> Application:
    require_perm(by, ENTER, action="submit applications")
    locked, target = lock_application(application, Action.SUBMIT)
    locked.returned_reason = "" if locked.status == Status.RETURNED else locked.returned_reason
    set_status(locked, target, by=by, reason="Submitted")
    return locked


@transaction.atomic
def application_start_check(*, application: Application, by) -> Application:
    require_perm(by, ENTER, action="check eligibility")
    locked, target = lock_application(application, Action.START_CHECK)
    set_status(locked, target, by=by, reason="Eligibility check started")
    return locked


@transaction.atomic
def conflict_declare(*, application: Application, by, details: str) -> ConflictDeclaration:
    """Anyone who may assess or decide can declare a conflict; it bars them from deciding."""
    if not (by.has_perm(ENTER) or by.has_perm(DECIDE)):
        require_perm(by, DECIDE, action="declare a conflict of interest")
    if not details.strip():
        raise ValidationError({"details": "Describe the conflict of interest."})
    existing = ConflictDeclaration.objects.filter(application=application, user=by).first()
    if existing is not None:
        return existing
    return save(
        ConflictDeclaration(application=application, user=by, details=details.strip()),
        by=by,
        reason="Conflict of interest declared",
    )


@transaction.atomic
def application_assess(
    *,
    application: Application,
    by,
    in_area: bool,
    constituted: bool,
    plan_aligned: bool,
    recommendation: str,
    reasons: str,
    no_conflict_confirmed: bool,
    recommended_amount=None,
) -> Application:
    """Record the eligibility checks and recommendation: failing a check makes it ineligible.

    Safeguarding and the maximum award are checked from the records, not taken on trust.
    """
    require_perm(by, ENTER, action="assess applications")
    locked, _ = lock_application(application, Action.ASSESS)
    if not no_conflict_confirmed:
        raise ValidationError(
            {
                "no_conflict_confirmed": "Confirm you have no conflict of interest, or declare it and ask a colleague."
            }
        )
    if ConflictDeclaration.objects.filter(application=locked, user=by).exists():
        raise ValidationError(
            "You declared a conflict of interest on this application: a colleague must assess it."
        )
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for your recommendation."})
    assessment, _ = Assessment.objects.get_or_create(application=locked)
    assessment.in_area = in_area
    assessment.constituted = constituted
    assessment.plan_aligned = plan_aligned
    assessment.safeguarding = locked.organisation.safeguarding_policy_held
    assessment.within_max_award = locked.amount_requested <= locked.fund_year.max_award
    assessment.reasons = reasons.strip()
    assessment.assessed_by = by
    assessment.assessed_at = timezone.now()
    assessment.conflict_of_interest = False
    if not assessment.eligible:
        assessment.recommendation = Assessment.Recommendation.DECLINE
        assessment.recommended_amount = None
        save(assessment, by=by, reason="Eligibility checks failed")
        _, target = lock_application(locked, Action.MARK_INELIGIBLE)
        failed = "; ".join(assessment.failed_checks)
        set_status(locked, target, by=by, reason=f"Ineligible: {failed}")
        return locked
    assessment.recommendation = recommendation
    if recommendation == Assessment.Recommendation.FUND_IN_PART:
        amount = money(recommended_amount, field="recommended_amount")
        if amount >= locked.amount_requested:
            raise ValidationError(
                {
                    "recommended_amount": f"Funding in part must be less than the {gbp(locked.amount_requested)} requested."
                }
            )
        assessment.recommended_amount = amount
    elif recommendation == Assessment.Recommendation.FUND_IN_FULL:
        assessment.recommended_amount = locked.amount_requested
    elif recommendation == Assessment.Recommendation.DECLINE:
        assessment.recommended_amount = None
    else:
        raise ValidationError({"recommendation": "Choose a recommendation."})
    save(assessment, by=by, reason=f"Assessed: {assessment.get_recommendation_display()}")
    set_status(locked, Status.ASSESSED, by=by, reason=f"Assessed: {assessment.get_recommendation_display()}")
    return locked


def decision_barriers(*, application: Application, user) -> list[str]:
    """Why this user may not decide this application (empty when they may)."""
    reasons = []
    if not user.has_perm(DECIDE):
        reasons.append("Only a grants manager can decide applications.")
    if application.entered_by_id == user.pk:
        reasons.append("You entered this application, so another manager must decide it.")
    assessed_by = (
        Assessment.objects.filter(application=application).values_list("assessed_by", flat=True).first()
    )
    if assessed_by == user.pk:
        reasons.append("You assessed this application, so another manager must decide it.")
    if ConflictDeclaration.objects.filter(application=application, user=user).exists():
        reasons.append("You declared a conflict of interest on this application.")
    return reasons


def _check_decider(application: Application, by) -> None:
    require_perm(by, DECIDE, action="decide applications")
    barriers = decision_barriers(application=application, user=by)
    if barriers:
        raise ValidationError(barriers[0])


def _decision_date(application: Application) -> date:
    today = timezone.localdate()
    if today < application.received_on:
        raise ValidationError("A decision cannot be dated before the application was received.")
    return today


@transaction.atomic
def application_approve(
    *, application: Application, by, amount, conditions: str = "", purpose: str = ""
) -> Award:
    """Approve and award, never overspending the line: the line row is locked while checked."""
    locked, target = lock_application(application, Action.APPROVE)
    _check_decider(locked, by)
    value = money(amount, field="amount")
    if value > locked.amount_requested:
        raise ValidationError(
            {"amount": f"The award cannot be more than the {gbp(locked.amount_requested)} requested."}
        )
    if value > locked.fund_year.max_award:
        raise ValidationError(
            {
                "amount": f"The award cannot be more than the maximum award of {gbp(locked.fund_year.max_award)}."
            }
        )
    if not locked.organisation.safeguarding_policy_held:
        raise ValidationError(
            f"{locked.organisation} has no safeguarding policy recorded: record it before an award."
        )
    decided_on = _decision_date(locked)
    line = AllocationLine.objects.select_for_update().get(pk=locked.allocation_line_id)
    remaining = line.amount - committed_on_line(line)
    if value > remaining:
        raise ValidationError({"amount": f"Not enough left in {line}: {gbp(remaining)} remaining."})
    save(
        Decision(
            application=locked,
            outcome=Decision.Outcome.APPROVED,
            amount=value,
            decided_by=by,
            decided_on=decided_on,
        ),
        by=by,
    )
    award = Award(
        application=locked,
        fund_year=locked.fund_year,  # the report pack reads a year's awards by it
        fund=locked.fund_year.fund,
        amount=value,
        original_amount=value,
        offered_on=decided_on,
        conditions=conditions.strip(),
        purpose=purpose.strip() or locked.summary,
        approved_by=by,
    )
    save(award, by=by, reason=f"Awarded {gbp(value)}")
    set_status(locked, target, by=by, reason=f"Approved {gbp(value)}")
    return award


@transaction.atomic
def application_reject(*, application: Application, by, reason: str) -> Application:
    return _decide_without_award(
        application=application,
        by=by,
        action=Action.REJECT,
        text=reason,
        field="reason",
        missing_message="Enter the reason for rejecting the application.",
    )


@transaction.atomic
def application_return(*, application: Application, by, missing: str) -> Application:
    """Back to the applicant's stage, saying what is missing; it is resubmitted when complete."""
    return _decide_without_award(
        application=application,
        by=by,
        action=Action.RETURN,
        text=missing,
        field="missing",
        missing_message="Enter what information is missing.",
    )


_NO_AWARD_OUTCOMES = {
    Action.REJECT: (Decision.Outcome.REJECTED, "Rejected"),
    Action.RETURN: (Decision.Outcome.RETURNED, "Returned for more information"),
}


def _decide_without_award(
    *, application: Application, by, action: Action, text: str, field: str, missing_message: str
) -> Application:
    """Reject or return: a decision with its reason and no money (the caller holds the transaction)."""
    locked, target = lock_application(application, action)
    _check_decider(locked, by)
    if not text.strip():
        raise ValidationError({field: missing_message})
    outcome, history_reason = _NO_AWARD_OUTCOMES[action]
    decision = Decision(
        application=locked,
        outcome=outcome,
        reason=text.strip(),
        decided_by=by,
        decided_on=_decision_date(locked),
    )
    save(decision, by=by)
    if action == Action.RETURN:
        locked.returned_reason = text.strip()
    set_status(locked, target, by=by, reason=history_reason)
    return locked


def _check_line(application: Application) -> None:
    """Over-the-maximum requests are recorded (the assessment fails them); a wrong line is not."""
    if (
        application.allocation_line_id
        and not AllocationLine.objects.filter(
            pk=application.allocation_line_id, fund_year_id=application.fund_year_id
        ).exists()
    ):
        raise ValidationError({"allocation_line": "Choose an area or pot of this fund year."})
