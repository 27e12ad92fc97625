"""The service's modules: what the navigation shows and which permission opens each.

Each app declares a `Module` in its own `module.py`; settings.SERVICE_MODULES lists them in
navigation order, so core never imports a domain app directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str
    permission: str
    description: str
    # Dotted path to `panels(user) -> list[DashboardPanel]` for the home dashboard, if any.
    dashboard: str | None = None


@dataclass(frozen=True)
class DashboardPanel:
    """One "awaiting you" box on the home page: a count, an optional amount, a link."""

    title: str
    count: int
    url: str
    amount: object = None
    hint: str = ""


@cache
def all_modules() -> tuple[Module, ...]:
    return tuple(import_string(path) for path in settings.SERVICE_MODULES)


def modules_for(user) -> list[Module]:
    if not user.is_authenticated:
        return []
    return [m for m in all_modules() if user.has_perm(m.permission)]


def dashboard_panels(user) -> list[tuple[Module, list[DashboardPanel]]]:
    result = []
    for module in modules_for(user):
        if module.dashboard:
            result.append((module, import_string(module.dashboard)(user)))
    return result
