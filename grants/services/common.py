"""Small pieces every grants service uses: saving with history, locking, money checks."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from grants.models import ZERO, AllocationLine, Application, Award, Payment
from grants.workflow import Action, check_transition
from opcc.core.money import format_gbp, parse_gbp


def money(value, *, field: str | None = None) -> Decimal:
    """Positive GBP with at most 2 decimal places, or a ValidationError naming the field."""
    try:
        amount = parse_gbp(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages} if field else exc.messages) from exc
    if amount <= 0:
        message = "Enter an amount greater than £0."
        raise ValidationError({field: message} if field else message)
    return amount


def non_negative_money(value, *, field: str) -> Decimal:
    try:
        amount = parse_gbp(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if amount < 0:
        raise ValidationError({field: "Enter an amount of £0 or more."})
    return amount


def gbp(value) -> str:
    """Amounts in messages and history reasons, as pages show them ("£2,960", "£2,960.50")."""
    return format_gbp(value)


def lock_application(application: Application, action: Action) -> tuple[Application, object]:
    """Re-read the application under a row lock and check the action is allowed now."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    target = check_transition(locked.status, action)
    return locked, target


STATUS_FIELDS = ["status", "status_changed_at", "returned_reason", "updated_at"]


def set_status(application: Application, status, *, by, reason: str) -> None:
    """Write only the status fields: the row was validated when entered and is locked now."""
    application.status = status
    application.status_changed_at = timezone.now()
    application._history_user = by  # type: ignore[attr-defined]
    application._change_reason = reason  # type: ignore[attr-defined]
    application.save(update_fields=STATUS_FIELDS)


def committed_on_line(line: AllocationLine) -> Decimal:
    """Money a line has promised: awards less any unpaid part returned or money recovered."""
    total = Award.objects.filter(application__allocation_line=line).aggregate(
        s=Sum(Award.objects.committed_expression())
    )["s"]
    return total or ZERO


def paid_on_award(award: Award) -> Decimal:
    return Payment.objects.filter(award=award).aggregate(s=Sum("amount"))["s"] or ZERO


def not_in_future(day, *, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})
