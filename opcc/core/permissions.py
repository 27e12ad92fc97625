"""One way to check permissions, for views and services alike."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied

from opcc.core import roles


def has_role(user, role: str) -> bool:
    return bool(user and user.is_active and user.groups.filter(name=role).exists())


def require_perm(user, perm: str, *, action: str = "do this") -> None:
    """Raise PermissionDenied unless the user holds `perm` (e.g. "grants.decide_application")."""
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to {action}.")


def is_administrator(user) -> bool:
    return bool(user.is_active and (user.is_superuser or has_role(user, roles.ADMINISTRATOR)))


class PermissionMixin(PermissionRequiredMixin):
    """View mixin: signed-in users without the permission get 403, not a login loop."""

    raise_exception = True
