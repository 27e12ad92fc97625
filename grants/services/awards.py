"""After approval: agreement, payments (never above the award), monitoring, variation, withdrawal."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from grants.models import AllocationLine, Application, Award, MonitoringReturn, Payment, Status, Variation
from grants.workflow import Action
from opcc.core.permissions import require_perm
from opcc.core.services import save

from .applications import DECIDE, ENTER, decision_barriers
from .common import (
    committed_on_line,
    gbp,
    lock_application,
    money,
    non_negative_money,
    not_in_future,
    paid_on_award,
    set_status,
)


def _award(application: Application) -> Award:
    return Award.objects.select_for_update().get(application=application)


@transaction.atomic
def agreement_sign(*, application: Application, by, signed_on: date) -> Award:
    require_perm(by, ENTER, action="record grant agreements")
    locked, target = lock_application(application, Action.SIGN_AGREEMENT)
    award = _award(locked)
    not_in_future(signed_on, field="signed_on", what="date the agreement was signed")
    if signed_on < award.offered_on:
        raise ValidationError({"signed_on": "The agreement cannot be signed before the offer date."})
    award.agreement_signed_on = signed_on
    save(award, by=by, reason="Agreement signed")
    set_status(locked, target, by=by, reason="Agreement signed")
    return award


@transaction.atomic
def payment_record(*, application: Application, by, amount, paid_on: date, finance_reference: str) -> Payment:
    """A payment against the award; the total paid can never pass the award."""
    require_perm(by, "grants.add_payment", action="record payments")
    locked, _ = lock_application(application, Action.RECORD_PAYMENT)
    award = _award(locked)
    value = money(amount, field="amount")
    not_in_future(paid_on, field="paid_on", what="payment date")
    if award.agreement_signed_on and paid_on < award.agreement_signed_on:
        raise ValidationError({"paid_on": "A payment cannot be made before the agreement was signed."})
    if not finance_reference.strip():
        raise ValidationError({"finance_reference": "Enter the finance system reference for the payment."})
    paid = paid_on_award(award)
    if paid + value > award.amount:
        raise ValidationError(
            {
                "amount": f"This payment would take the total paid to {gbp(paid + value)}, above the award of "
                f"{gbp(award.amount)} ({gbp(award.amount - paid)} left to pay)."
            }
        )
    payment = save(
        Payment(
            award=award,
            fund_year_id=award.fund_year_id,  # the report pack reads a year's payments by it
            amount=value,
            paid_on=paid_on,
            finance_reference=finance_reference.strip(),
            recorded_by=by,
        ),
        by=by,
    )
    if paid + value == award.amount and locked.status == Status.AGREEMENT_SIGNED:
        set_status(locked, Status.PAID, by=by, reason=f"Paid in full ({gbp(award.amount)})")
    else:
        save(locked, by=by, reason=f"Payment of {gbp(value)} recorded", exclude=["received_on"])
    return payment


@transaction.atomic
def monitoring_schedule(*, application: Application, by, due_on: date) -> MonitoringReturn:
    require_perm(by, "grants.add_monitoringreturn", action="schedule monitoring")
    locked, _ = lock_application(application, Action.SCHEDULE_MONITORING)
    award = _award(locked)
    if due_on < award.offered_on:
        raise ValidationError({"due_on": "A monitoring return cannot be due before the offer date."})
    item = save(MonitoringReturn(award=award, due_on=due_on), by=by)
    if locked.status == Status.PAID:
        set_status(locked, Status.MONITORING_DUE, by=by, reason=f"Monitoring due {due_on:%d/%m/%Y}")
    return item


@transaction.atomic
def monitoring_receive(
    *,
    monitoring_return: MonitoringReturn,
    by,
    received_on: date,
    beneficiaries_reached: int,
    outcomes: str,
    spend_confirmed,
) -> MonitoringReturn:
    require_perm(by, "grants.change_monitoringreturn", action="record monitoring returns")
    item = (
        MonitoringReturn.objects.select_for_update()
        .select_related("award__application")
        .get(pk=monitoring_return.pk)
    )
    lock_application(item.award.application, Action.RECEIVE_MONITORING)
    if item.received_on:
        raise ValidationError("This monitoring return has already been recorded.")
    not_in_future(received_on, field="received_on", what="date received")
    if received_on < item.award.offered_on:
        raise ValidationError({"received_on": "A return cannot be received before the offer date."})
    spend = non_negative_money(spend_confirmed, field="spend_confirmed")
    paid = paid_on_award(item.award)
    if spend > paid:
        raise ValidationError(
            {"spend_confirmed": f"Spend confirmed cannot be more than the {gbp(paid)} paid."}
        )
    if beneficiaries_reached is None or int(beneficiaries_reached) < 0:
        raise ValidationError({"beneficiaries_reached": "Enter how many people the project reached."})
    if not outcomes.strip():
        raise ValidationError({"outcomes": "Describe the outcomes reported."})
    item.received_on = received_on
    item.beneficiaries_reached = int(beneficiaries_reached)
    item.outcomes = outcomes.strip()
    item.spend_confirmed = spend
    return save(item, by=by, reason="Monitoring return received")


@transaction.atomic
def application_close(*, application: Application, by) -> Application:
    require_perm(by, ENTER, action="close applications")
    locked, target = lock_application(application, Action.CLOSE)
    award = _award(locked)
    if MonitoringReturn.objects.filter(award=award, received_on__isnull=True).exists():
        raise ValidationError("Record every monitoring return before closing the grant.")
    paid = paid_on_award(award)
    if paid != award.amount:
        raise ValidationError(
            f"The award is not fully paid ({gbp(paid)} of {gbp(award.amount)}): vary it first."
        )
    set_status(locked, target, by=by, reason="Closed")
    return locked


@transaction.atomic
def award_vary(
    *, application: Application, by, reason: str, new_amount=None, new_end: date | None = None
) -> Variation:
    """A manager changes the amount or end date; increases obey the same budget rule as approval."""
    require_perm(by, DECIDE, action="approve variations")
    locked, _ = lock_application(application, Action.VARY)
    barriers = [b for b in decision_barriers(application=locked, user=by) if "assessed" not in b]
    if barriers:
        raise ValidationError(barriers[0])
    award = _award(locked)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the variation."})
    if new_amount in (None, "") and new_end is None:
        raise ValidationError("Enter a new amount or a new end date.")
    amount = award.amount if new_amount in (None, "") else money(new_amount, field="new_amount")
    paid = paid_on_award(award)
    if amount < paid:
        raise ValidationError({"new_amount": f"The award cannot go below the {gbp(paid)} already paid."})
    if amount > locked.fund_year.max_award:
        raise ValidationError(
            {
                "new_amount": f"The award cannot be more than the maximum award of {gbp(locked.fund_year.max_award)}."
            }
        )
    if amount > award.amount:
        line = AllocationLine.objects.select_for_update().get(pk=locked.allocation_line_id)
        remaining = line.amount - committed_on_line(line)
        if amount - award.amount > remaining:
            raise ValidationError({"new_amount": f"Not enough left in {line}: {gbp(remaining)} remaining."})
    if new_end is not None and new_end <= locked.planned_start:
        raise ValidationError({"new_end": "The new end date must be after the planned start date."})
    variation = save(
        Variation(
            award=award,
            previous_amount=award.amount,
            new_amount=amount,
            previous_end=locked.planned_end,
            new_end=new_end,
            reason=reason.strip(),
            approved_by=by,
            approved_on=timezone.localdate(),
        ),
        by=by,
    )
    award.amount = amount
    save(award, by=by, reason=f"Varied to {gbp(amount)}")
    if new_end is not None:
        locked.planned_end = new_end
    save(locked, by=by, reason="Award varied", exclude=["received_on"])
    return variation


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str, recovered_amount="0") -> Application:
    """Withdraw at any stage before closing; the unpaid part of an award goes back to its line."""
    if by is None or not (by.has_perm(ENTER) or by.has_perm(DECIDE)):
        require_perm(by, ENTER, action="withdraw applications")
    locked, target = lock_application(application, Action.WITHDRAW)
    award = Award.objects.select_for_update().filter(application=locked).first()
    if award is None:
        require_perm(by, ENTER, action="withdraw applications")
    else:
        # A grants manager withdraws an award (managers do not hold the staff edit permission).
        require_perm(by, DECIDE, action="withdraw an award")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the application is withdrawn."})
    if award is not None:
        paid = paid_on_award(award)
        recovered = non_negative_money(recovered_amount, field="recovered_amount")
        if recovered > paid:
            raise ValidationError({"recovered_amount": f"You cannot recover more than the {gbp(paid)} paid."})
        award.released_amount = award.amount - paid
        award.recovered_amount = recovered
        award.withdrawn_on = timezone.localdate()
        save(award, by=by, reason=f"Withdrawn: {gbp(award.released_amount)} returned to the line")
    set_status(locked, target, by=by, reason=f"Withdrawn: {reason.strip()}")
    return locked
