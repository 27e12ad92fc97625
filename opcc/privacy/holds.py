"""Legal holds (ADR 0018): a record on hold is listed by the dry run and never disposed of.

Records are found by their reference or number and named by their label, never by a person's name.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.permissions import require_perm
from opcc.privacy import registry
from opcc.privacy.models import LegalHold
from opcc.privacy.retention import MANAGE, REASON_MAX, label_of


def record_find(*, source_key: str, reference: str) -> int:
    """The id of the record a person named by its reference (or its number)."""
    try:
        source = registry.source(source_key)
    except LookupError:
        raise ValidationError({"source_key": "Choose a kind of record from the list."}) from None
    text = str(reference).strip()
    model = source.model_class
    manager = model._default_manager
    if not text:
        raise ValidationError({"reference": "Enter the record's reference or number."})
    if "reference" in {f.name for f in model._meta.concrete_fields}:
        found = manager.filter(reference__iexact=text).values_list("pk", flat=True).first()
        if found is not None:
            return found
    if text.isascii() and text.isdigit() and len(text) < 19:  # "²".isdigit(), but int("²") fails
        found = manager.filter(pk=int(text)).values_list("pk", flat=True).first()
        if found is not None:
            return found
    raise ValidationError({"reference": f"No {source.label.lower()} has the reference or number {text}."})


def hold_place(*, source_key: str, object_id: int, reason: str, by) -> LegalHold:
    """Stop a record being disposed of until the hold is lifted (one active hold per record)."""
    require_perm(by, MANAGE, action="place legal holds")
    try:
        source = registry.source(source_key)
    except LookupError:
        raise ValidationError({"source_key": "Choose a kind of record from the list."}) from None
    reason = str(reason).strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the record must be kept."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer."})
    obj = source.model_class._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise ValidationError({"reference": f"No {source.label.lower()} has the number {object_id}."})
    content_type = ContentType.objects.get_for_model(source.model_class)
    label = label_of(obj, source)
    hold = LegalHold(
        content_type=content_type, object_id=obj.pk, source=source.key, record_label=label,
        reason=reason, placed_by=by, placed_at=timezone.now(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            hold.save()
            audit_record(action=Action.LEGAL_HOLD_PLACED, user=by, target=hold, detail={"source": source.key})
    except IntegrityError:
        raise ValidationError({"reference": f"{label} is already on legal hold."}) from None
    return hold


def hold_lift(*, hold: LegalHold, reason: str, by) -> LegalHold:
    require_perm(by, MANAGE, action="lift legal holds")
    reason = str(reason).strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the hold is lifted."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer."})
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not locked.active:
            raise ValidationError("This hold has already been lifted.")
        locked.lifted_by, locked.lifted_at, locked.lift_reason = by, timezone.now(), reason
        locked.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        audit_record(
            action=Action.LEGAL_HOLD_LIFTED, user=by, target=locked, detail={"source": locked.source}
        )
    return locked
