"""The retention schedule: rules, legal holds, the nightly dry run and approved disposals (ADR 0018).

Nothing is anonymised without an Administrator's approval: the nightly task only writes a
`DisposalBatch` listing what is due; approval queues the carry-out, which re-checks each record
(still due, not now on hold) in its own transaction and writes the append-only `DisposalEntry`.
Records are named by reference or "<label> <id>", never by a person's name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.permissions import require_perm
from opcc.privacy import registry
from opcc.privacy.anonymise import records_anonymise
from opcc.privacy.models import (
    MAX_MONTHS,
    BatchStatus,
    DisposalBatch,
    DisposalEntry,
    DisposalItem,
    LegalHold,
    RetentionRule,
)
from opcc.privacy.registry import RecordType, Trigger

MANAGE = "privacy.manage_retention"
CHUNK = 1000
REASON_MAX = 2000
Outcome = DisposalEntry.Outcome


# --- rules --------------------------------------------------------------------------------------


def rules_ensure() -> int:
    """Give each registered record type without a rule its declared default; how many were added."""
    have = set(RetentionRule.objects.values_list("record_type", flat=True))
    missing = [
        RetentionRule(record_type=r.key, months=r.default_months, trigger=r.default_trigger, note=r.note)
        for r in registry.record_types()
        if r.key not in have
    ]
    RetentionRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def rule_text(rule: RetentionRule) -> str:
    """'72 months after closure', as the disposal log keeps it."""
    return f"{rule.months} months after {Trigger(rule.trigger).label}"


def rule_update(
    *, rule: RetentionRule, months: int, trigger: str, active: bool, note: str, by
) -> RetentionRule:
    """Change a rule: the trigger must be one its record type offers, the period 1 to 1200 months."""
    require_perm(by, MANAGE, action="change the retention schedule")
    record_type = registry.record_type(rule.record_type)
    errors: dict[str, str] = {}
    if trigger not in record_type.triggers:
        offered = ", ".join(Trigger(t).label for t in record_type.triggers)
        errors["trigger"] = f"{record_type.label} can only count from {offered}."
    if not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        errors["months"] = f"Enter a period from 1 to {MAX_MONTHS} months."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        before = {"months": locked.months, "trigger": locked.trigger, "active": locked.active}
        locked.months, locked.trigger, locked.active = months, trigger, active
        locked.note = str(note).strip()
        locked.updated_by = by
        locked.full_clean()
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save()
        audit_record(
            action=Action.RETENTION_RULE_CHANGED,
            user=by,
            target=locked,
            detail={"record_type": locked.record_type, "before": before,
                    "after": {"months": months, "trigger": trigger, "active": active}},
        )  # fmt: skip
    return locked


# --- what is due --------------------------------------------------------------------------------


def _expression(spec: Any) -> Any:
    if isinstance(spec, str):
        return F(spec)
    if hasattr(spec, "resolve_expression"):
        return spec
    return spec()  # a zero-argument callable: a fresh expression each time


def label_expression(source: registry.PersonalData) -> Any:
    """The record's reference, or "<label> <id>": never a person's name."""
    fields = {f.name for f in source.model_class._meta.concrete_fields}
    if "reference" in fields:
        return F("reference")
    return Concat(Value(f"{source.label} "), Cast("pk", CharField()), output_field=CharField())


def label_of(obj: models.Model, source: registry.PersonalData) -> str:
    reference = getattr(obj, "reference", "") if hasattr(obj, "reference") else ""
    return str(reference) if reference else f"{source.label} {obj.pk}"


def financial_year_limit(*, as_of: dt.date, months: int) -> dt.date:
    """The last 31 March E with E + months <= as_of: records dated up to E are due."""
    year = as_of.year
    while dt.date(year, 3, 31) + relativedelta(months=months) > as_of:
        year -= 1
    return dt.date(year, 3, 31)


def due_limit(*, rule: RetentionRule, as_of: dt.date) -> dt.date:
    if rule.trigger == Trigger.FINANCIAL_YEAR_END:
        return financial_year_limit(as_of=as_of, months=rule.months)
    return as_of - relativedelta(months=rule.months)


def _anonymised(content_type: ContentType) -> Exists:
    return Exists(
        DisposalEntry.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), outcome=Outcome.ANONYMISED
        )
    )


def due_records(*, record_type: RecordType, rule: RetentionRule, as_of: dt.date) -> models.QuerySet:
    """Rows (pk, label, trigger_date) of the records `rule` says are due on `as_of`: one query."""
    source = registry.source(record_type.source)
    model = source.model_class
    content_type = ContentType.objects.get_for_model(model)
    return (
        model._default_manager.filter(record_type.filter, record_type.eligible)
        .annotate(trigger_date=_expression(record_type.triggers[rule.trigger]))
        .filter(trigger_date__isnull=False, trigger_date__lte=due_limit(rule=rule, as_of=as_of))
        .exclude(_anonymised(content_type))
        .annotate(record_label=label_expression(source))
        .order_by("trigger_date", "pk")
        .values_list("pk", "record_label", "trigger_date")
    )


def active_holds() -> set[tuple[int, int]]:
    """(content type id, object id) of every record on hold: one query, holds are few."""
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("content_type_id", "object_id"))


def _active_rules() -> list[tuple[RecordType, RetentionRule]]:
    rules = {r.record_type: r for r in RetentionRule.objects.filter(active=True)}
    return [(t, rules[t.key]) for t in registry.record_types() if t.key in rules]


# --- the dry run, approval and carry-out ----------------------------------------------------------


def batch_propose(*, by, as_of: dt.date | None = None) -> DisposalBatch | None:
    """Write the dry run: every record due on `as_of`, held ones marked. Changes nothing else.

    None when nothing is due, or a batch for the same day is already awaiting approval.
    """
    if by is not None:
        require_perm(by, MANAGE, action="run the retention dry run")
    as_of = as_of or timezone.localdate()
    rules_ensure()
    with transaction.atomic():
        if DisposalBatch.objects.filter(status=BatchStatus.PROPOSED, as_of=as_of).exists():
            return None
        holds = active_holds()
        batch: DisposalBatch | None = None
        seen: set[tuple[int, int]] = set()
        pending: list[DisposalItem] = []
        due = held = 0
        for record_type, rule in _active_rules():
            content_type = ContentType.objects.get_for_model(registry.source(record_type.source).model_class)
            for pk, label, trigger_date in due_records(
                record_type=record_type, rule=rule, as_of=as_of
            ).iterator(chunk_size=CHUNK):
                key = (content_type.pk, pk)
                if key in seen:
                    continue  # two record types overlap: the first rule lists it
                seen.add(key)
                if batch is None:
                    batch = DisposalBatch.objects.create(
                        as_of=as_of, created_at=timezone.now(), created_by=by
                    )
                on_hold = key in holds
                held += on_hold
                due += not on_hold
                pending.append(
                    DisposalItem(batch=batch, record_type=record_type.key, content_type=content_type,
                                 object_id=pk, record_label=label[:200], trigger_date=trigger_date, held=on_hold)
                )  # fmt: skip
                if len(pending) >= CHUNK:
                    DisposalItem.objects.bulk_create(pending)
                    pending = []
        if batch is None:
            return None
        DisposalItem.objects.bulk_create(pending)
        DisposalBatch.objects.filter(pk=batch.pk).update(due_count=due, held_count=held)
        batch.due_count, batch.held_count = due, held
        audit_record(
            action=Action.DISPOSAL_PROPOSED,
            user=by,
            target=batch,
            detail={"as_of": as_of, "due": due, "held": held},
        )
    return batch


def _decide(*, batch: DisposalBatch, by, status: str, reason: str = "") -> DisposalBatch:
    require_perm(by, MANAGE, action="approve or reject disposals")
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.PROPOSED:
            raise ValidationError(
                f"This batch is no longer awaiting approval: it is {locked.get_status_display().lower()}."
            )
        locked.status = status
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.reject_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
        approved = status == BatchStatus.APPROVED
        audit_record(
            action=Action.DISPOSAL_APPROVED if approved else Action.DISPOSAL_REJECTED,
            user=by,
            target=locked,
            detail={"due": locked.due_count, "held": locked.held_count},
        )
        if approved:
            from opcc.privacy.tasks import carry_out_disposals

            transaction.on_commit(lambda: carry_out_disposals.delay(locked.pk))
    return locked


def batch_approve(*, batch: DisposalBatch, by) -> DisposalBatch:
    """Approve a dry run (once, whoever clicks first); the records are anonymised by a worker."""
    return _decide(batch=batch, by=by, status=BatchStatus.APPROVED)


def batch_reject(*, batch: DisposalBatch, by, reason: str) -> DisposalBatch:
    reason = " ".join(str(reason).split())
    if not reason:
        raise ValidationError({"reason": "Enter why the batch is rejected."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer."})
    return _decide(batch=batch, by=by, status=BatchStatus.REJECTED, reason=reason)


def _entry(batch: DisposalBatch, item: DisposalItem, *, rule: str, outcome: str) -> DisposalEntry:
    assert batch.decided_by is not None and batch.decided_at is not None
    return DisposalEntry(
        batch=batch, record_type=item.record_type, content_type_id=item.content_type_id,
        object_id=item.object_id, record_label=item.record_label, rule=rule[:200],
        trigger_date=item.trigger_date, approved_by=batch.decided_by, approved_at=batch.decided_at,
        done_at=timezone.now(), outcome=outcome,
    )  # fmt: skip


def _dispose_chunk(batch: DisposalBatch, items: list[DisposalItem], rules: dict[str, RetentionRule]) -> int:
    """Re-check and anonymise up to CHUNK records of one record type in one transaction; each
    outcome written to the log. A few queries per chunk, not per record (ADR 0018)."""
    record_type = registry.record_type(items[0].record_type)
    source = registry.source(record_type.source)
    rule = rules.get(record_type.key)
    text = rule_text(rule) if rule is not None else "no rule"
    with transaction.atomic():
        ids = [item.object_id for item in items]
        found = {o.pk: o for o in source.model_class._default_manager.select_for_update().filter(pk__in=ids)}
        # A second worker given the same task (the broker re-delivers a long one) logs nothing twice.
        logged = set(
            DisposalEntry.objects.filter(
                batch=batch, content_type_id=items[0].content_type_id, object_id__in=ids
            ).values_list("object_id", flat=True)
        )
        items = [item for item in items if item.object_id not in logged]
        if not items:
            return 0
        ids = [item.object_id for item in items]
        held = set(
            LegalHold.objects.filter(
                content_type_id=items[0].content_type_id, object_id__in=ids, lifted_at__isnull=True
            ).values_list("object_id", flat=True)
        )
        due: set[int] = set()
        if rule is not None and rule.active:
            still = due_records(record_type=record_type, rule=rule, as_of=batch.as_of).filter(pk__in=ids)
            due = {row[0] for row in still}
        outcomes: dict[int, str] = {}
        for object_id in ids:
            if object_id not in found:
                outcomes[object_id] = Outcome.SKIPPED_GONE
            elif object_id in held:
                outcomes[object_id] = Outcome.SKIPPED_HOLD
            elif object_id not in due:
                outcomes[object_id] = Outcome.SKIPPED_NOT_DUE
            else:
                outcomes[object_id] = Outcome.ANONYMISED
        chosen = [found[i] for i in ids if outcomes[i] == Outcome.ANONYMISED]
        records_anonymise(objs=chosen, source=source, by=batch.decided_by)
        DisposalEntry.objects.bulk_create(
            [_entry(batch, item, rule=text, outcome=outcomes[item.object_id]) for item in items]
        )
    return len(chosen)


def batch_carry_out(*, batch_id: int) -> int:
    """Anonymise an approved batch's records, a chunk of one record type per transaction; how many
    were anonymised.

    Held items are logged as skipped. A rerun (a worker restarted) carries on where it stopped.
    """
    batch = DisposalBatch.objects.select_related("decided_by").filter(pk=batch_id).first()
    if batch is None or batch.status != BatchStatus.APPROVED:
        return 0
    rules = {r.record_type: r for r in RetentionRule.objects.all()}
    done = set(DisposalEntry.objects.filter(batch=batch).values_list("content_type_id", "object_id"))
    items = DisposalItem.objects.filter(batch=batch).order_by("record_type", "pk")
    held = [i for i in items.filter(held=True) if (i.content_type_id, i.object_id) not in done]
    DisposalEntry.objects.bulk_create(
        [_entry(batch, i, rule=_rule_or_none(rules, i), outcome=Outcome.SKIPPED_HOLD) for i in held]
    )
    anonymised = 0
    chunk: list[DisposalItem] = []
    for item in items.filter(held=False).iterator(chunk_size=CHUNK):
        if (item.content_type_id, item.object_id) in done:
            continue
        if chunk and (len(chunk) >= CHUNK or chunk[0].record_type != item.record_type):
            anonymised += _dispose_chunk(batch, chunk, rules)
            chunk = []
        chunk.append(item)
    if chunk:
        anonymised += _dispose_chunk(batch, chunk, rules)
    DisposalBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, completed_at=timezone.now())
    return anonymised


def _rule_or_none(rules: dict[str, RetentionRule], item: DisposalItem) -> str:
    rule = rules.get(item.record_type)
    return rule_text(rule) if rule is not None else "no rule"
