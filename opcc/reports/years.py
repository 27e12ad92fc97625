"""Which financial years the Reports page offers, and which it picks first.

A year is offered once it has started and if it is not older than the first year with records: the
reference data lists years to 2030/31, and a pack for a year that has not begun is empty. The page
picks the latest offered year with records.

"Years with records" come from `settings.REPORT_RECORD_YEARS`, dotted paths to functions
`() -> Iterable[int]` (start years). The default asks every model that links to a financial year
by a foreign key (a fund year, say) which years it uses, so a module whose records carry a
`FinancialYear` needs nothing; a module that only dates its records (complaints received on a day)
adds a function of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.fields.reverse_related import ManyToOneRel
from django.utils import timezone
from django.utils.module_loading import import_string

from opcc.core.models import FinancialYear

DEFAULT_RECORD_YEARS = ["opcc.reports.years.linked_years"]


def current_start_year() -> int:
    return FinancialYear.start_year_for(timezone.localdate())


def linked_years() -> set[int]:
    """Start years that any model links to (one query, EXISTS per model).

    Report runs and history rows (django-simple-history's, marked by `instance_type`) do not count.
    """
    from opcc.reports.models import ReportRun

    relations: list[tuple[type[Model], str]] = [
        (field.related_model, field.field.name)
        for field in FinancialYear._meta.get_fields(include_hidden=True)
        if isinstance(field, ManyToOneRel)
        and isinstance(field.related_model, type)
        and field.related_model is not ReportRun
        and not hasattr(field.related_model, "instance_type")
    ]
    if not relations:
        return set()
    linked = reduce(
        or_, (Q(Exists(model._base_manager.filter(**{name: OuterRef("pk")}))) for model, name in relations)
    )
    return set(FinancialYear.objects.filter(linked).values_list("start_year", flat=True))


def record_years() -> set[int]:
    paths = getattr(settings, "REPORT_RECORD_YEARS", DEFAULT_RECORD_YEARS)
    years: set[int] = set()
    for path in paths:
        function: Callable[[], Iterable[int]] = import_string(path)
        years.update(function())
    return years


def reportable_years(*, with_records: set[int] | None = None) -> QuerySet[FinancialYear]:
    """Years from the first with records (all, when none has) to the current one, newest first."""
    years = record_years() if with_records is None else with_records
    queryset = FinancialYear.objects.filter(start_year__lte=current_start_year())
    if years:
        queryset = queryset.filter(start_year__gte=min(years))
    return queryset.order_by("-start_year")


def default_year(offered: Iterable[FinancialYear], *, with_records: set[int]) -> FinancialYear | None:
    """The latest offered year with records; with none, the last complete year (or the newest offered)."""
    offered = list(offered)
    for year in offered:  # newest first
        if year.start_year in with_records:
            return year
    last_complete = current_start_year() - 1
    return next((y for y in offered if y.start_year == last_complete), offered[0] if offered else None)
