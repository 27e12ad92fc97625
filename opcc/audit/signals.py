"""Sign-ins, sign-outs, role changes and (de)activations recorded wherever they happen.

Role changes are caught on the user-group link table in both directions (a user's groups, a
group's users) and for add, remove and clear. The person who made the change is the request's
user, which django-simple-history's HistoryRequestMiddleware keeps for the current thread.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from opcc.audit.models import Action
from opcc.audit.services import audit_record

User = get_user_model()


def current_request():
    """The request being handled on this thread (HistoryRequestMiddleware), if any."""
    return getattr(HistoricalRecords.context, "request", None)


@receiver(user_logged_in, dispatch_uid="opcc.audit.sign_in")
def record_sign_in(sender, request, user, **kwargs):
    audit_record(action=Action.SIGN_IN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="opcc.audit.sign_in_failed")
def record_sign_in_failure(sender, credentials, request=None, **kwargs):
    """Only the username typed is kept: never the password (Django has already masked it)."""
    typed = str((credentials or {}).get("username") or "")
    audit_record(action=Action.SIGN_IN_FAILED, request=request, user=None, username=typed)


@receiver(user_logged_out, dispatch_uid="opcc.audit.sign_out")
def record_sign_out(sender, request, user, **kwargs):
    audit_record(action=Action.SIGN_OUT, request=request, user=user)


# --- roles -----------------------------------------------------------------------------------


def _role_names(user_ids) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {pk: [] for pk in user_ids}
    through = User.groups.through
    rows = (
        through.objects.filter(user_id__in=names)
        .order_by("group__name")
        .values_list("user_id", "group__name")
    )
    for user_id, name in rows:
        names[user_id].append(name)
    return names


def _affected_users(instance, action: str, reverse: bool, pk_set) -> set[int]:
    if not reverse:  # instance is a user; pk_set are group ids
        return {instance.pk}
    if action == "pre_clear":  # instance is a group losing every member
        return set(User.groups.through.objects.filter(group_id=instance.pk).values_list("user_id", flat=True))
    return set(pk_set or ())


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="opcc.audit.roles")
def record_role_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action.startswith("pre_"):
        if not reverse and action != "pre_clear" and not pk_set:
            instance._audit_roles_before = {}
            return  # nothing to add or remove
        affected = _affected_users(instance, action, reverse, pk_set)
        instance._audit_roles_before = _role_names(affected) if affected else {}
        return
    before: dict[int, list[str]] = getattr(instance, "_audit_roles_before", None) or {}
    instance._audit_roles_before = {}
    if not before:
        return
    after = _role_names(before)
    request = current_request()
    users = {instance.pk: instance} if not reverse else User.objects.in_bulk(list(before))
    for user_id, old in before.items():
        new = after[user_id]
        target = users.get(user_id)
        if old == new or target is None:
            continue
        audit_record(
            action=Action.ROLE_CHANGED,
            request=request,
            target=target,
            detail={
                "before": old,
                "after": new,
                "added": [n for n in new if n not in old],
                "removed": [n for n in old if n not in new],
                "via": "group" if reverse else "user",
                **({"group": instance.name} if reverse and isinstance(instance, Group) else {}),
            },
        )


# --- account active / inactive ---------------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="opcc.audit.active_before")
def remember_active(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_was_active = None
    if raw or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    instance._audit_was_active = (
        sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


@receiver(post_save, sender=User, dispatch_uid="opcc.audit.active_after")
def record_active_change(sender, instance, created, raw=False, **kwargs):
    was = getattr(instance, "_audit_was_active", None)
    instance._audit_was_active = None
    if raw or created or was is None or was == instance.is_active:
        return
    request = current_request()
    by = getattr(instance, "_audit_by", None)
    detail = {"reason": getattr(instance, "_audit_reason", "") or ""}
    audit_record(
        action=Action.ACCOUNT_ACTIVATED if instance.is_active else Action.ACCOUNT_DEACTIVATED,
        request=request,
        user=by,
        target=instance,
        detail=detail,
    )
