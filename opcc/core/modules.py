"""The service's modules: what the navigation shows and which permission opens each.

Each app declares a `Module` in its own `module.py`; settings.SERVICE_MODULES lists them in
navigation order, so core never imports a domain app directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
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


def url_or_blank(name: str, *args, **params) -> str:
    """A page's URL (with a query), or "" while that page is not routed yet."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(params)}" if params else url


@dataclass(frozen=True)
class PanelRow:
    """One of the first rows a module home's panel lists."""

    text: str
    url: str
    detail: str


@dataclass
class Panel:
    """A panel of a module's home page: a count, its first rows and a link to the list behind it."""

    key: str
    title: str
    count: int
    url: str
    hint: str
    rows: list[PanelRow] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.rows)
