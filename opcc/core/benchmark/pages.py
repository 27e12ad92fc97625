"""Which pages the benchmark measures, built at run time from each list's FilterSet and table.

Every declared filter gets a sample value by its kind (a choice, a record, a date, an amount, a
text), every sortable column a sort, plus the first page, a deep page (page 500, or the last page
when there are fewer) and each search. Where the registered ModelAdmin can express the same filter
(a list filter, an allowed lookup, its search box or a sortable column), the page carries the admin
changelist address to time against it. Filters added or changed later are picked up by themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from complaints.filters import ReviewFilter
from complaints.models import Review
from complaints.tables import ReviewTable
from grants.filters import ApplicationFilter, OrganisationFilter
from grants.models import Application, Organisation
from grants.tables import ApplicationTable, OrganisationTable
from opcc.audit.filters import AccessEventFilter
from opcc.audit.models import AccessEvent
from opcc.audit.tables import AccessEventTable

from .complaints import SEARCH_NAME
from .loader import SEARCH_WORD

DEEP_PAGE = 500
PREFERRED_CHOICES = ("approved", "grants.application", "record_viewed", "charity", "under_review")


@dataclass
class Page:
    group: str
    label: str
    url: str
    admin_url: str | None = None


@dataclass
class ListSpec:
    group: str
    url_name: str
    model: type[models.Model]
    filterset: type[django_filters.FilterSet]
    table: type
    searches: list[tuple[str, str]]
    admin_model: type[models.Model] | None = None


def list_specs() -> list[ListSpec]:
    """The staff lists and their searches (sample values read from the data)."""
    middle = _middle(Application)
    organisation = _middle(Organisation)
    charity = Organisation.objects.exclude(charity_number="").values_list("charity_number", flat=True).first()
    name_word = organisation.name.split()[0] if organisation else "Community"
    review = _middle(Review)
    return [
        ListSpec(
            "applications",
            "grants:applications",
            Application,
            ApplicationFilter,
            ApplicationTable,
            [("a reference", middle.reference if middle else "HCF-2024-000001"), ("a word", SEARCH_WORD)],
            Application,
        ),
        ListSpec(
            "organisations",
            "grants:organisations",
            Organisation,
            OrganisationFilter,
            OrganisationTable,
            [("a name word", name_word), ("a charity number", charity or "1000000")],
            Organisation,
        ),
        ListSpec("audit", "audit:list", AccessEvent, AccessEventFilter, AccessEventTable, []),
        ListSpec(
            "reviews",
            "complaints:reviews",
            Review,
            ReviewFilter,
            ReviewTable,
            [
                ("a reference", review.reference if review else "CR-2024-000001"),
                ("a complainant name word", SEARCH_NAME),
                ("a force reference", review.force_reference if review else "WM/2024"),
            ],
            Review,
        ),
        *_volunteer_specs(),
        *_engagement_specs(),
    ]


def _volunteer_specs() -> list[ListSpec]:
    from .volunteer_pages import list_specs  # imports this module's ListSpec

    return list_specs()


def _engagement_specs() -> list[ListSpec]:
    from .engagement_pages import list_specs  # imports this module's ListSpec

    return list_specs()


def _middle(model):
    """A row from the middle of the table (by id), so samples are neither the first nor the last."""
    count = model.objects.count()
    return model.objects.order_by("pk")[count // 2] if count else None


def build_pages(user) -> list[Page]:
    request = RequestFactory().get("/")
    request.user = user
    pages: list[Page] = []
    for spec in list_specs():
        pages.extend(_pages_for(spec, request))
    from .engagement_pages import other_pages as engagement_pages
    from .volunteer_pages import other_pages  # the heatmap and the dashboard: not lists

    return [*pages, *other_pages(), *engagement_pages(user)]


def _pages_for(spec: ListSpec, request) -> list[Page]:
    base = reverse(spec.url_name)
    model_admin = admin.site._registry.get(spec.admin_model) if spec.admin_model else None
    admin_base = (
        reverse(f"admin:{spec.model._meta.app_label}_{spec.model._meta.model_name}_changelist")
        if model_admin
        else None
    )

    def page(label: str, ours: dict, theirs: dict | None) -> Page:
        url = f"{base}?{urlencode(ours)}" if ours else base
        admin_url = None
        if admin_base is not None and theirs is not None:
            admin_url = f"{admin_base}?{urlencode(theirs)}" if theirs else admin_base
        return Page(spec.group, label, url, admin_url)

    pages = [page("first page", {}, {})]
    filterset = spec.filterset(None, queryset=spec.model._default_manager.none(), request=request)
    sample = _middle(spec.model)
    search_name = _search_filter(filterset)
    for name, flt in filterset.filters.items():
        if name == search_name:
            for what, value in spec.searches:
                pages.append(page(f"search {what}", {name: value}, {"q": value}))
            continue
        sampled = sample_value(spec.model, flt, sample)
        if sampled is None:
            continue
        theirs = admin_query(model_admin, spec.model, flt, sampled, request) if model_admin else None
        pages.append(page(f"filter {name}", {name: sampled}, theirs))
    pages.extend(_combined(spec, filterset, sample, page))
    for column, fields in sortable_columns(spec.table):
        theirs = admin_sort(model_admin, fields, request) if model_admin else None
        pages.append(page(f"sort {column}", {"sort": column}, theirs))
    deep, per_page = deep_page(spec)
    admin_page = math.ceil(deep * per_page / model_admin.list_per_page) if model_admin else 1
    pages.append(page(f"page {deep}", {"page": deep}, {"p": admin_page}))
    return pages


def _combined(spec: ListSpec, filterset, sample, page) -> list[Page]:
    """Fund year and area together: the filter the office uses most (both values from one row)."""
    if spec.model is not Application or not {"fund_year", "area"} <= set(filterset.filters):
        return []
    both = {n: sample_value(spec.model, filterset.filters[n], sample) for n in ("fund_year", "area")}
    if None in both.values():
        return []
    return [page("filter fund_year and area", both, dict(both))]


def _search_filter(filterset) -> str | None:
    for name, flt in filterset.filters.items():
        if name == "q" or (isinstance(flt, django_filters.CharFilter) and flt.method == "search"):
            return name
    return None


def deep_page(spec: ListSpec) -> tuple[int, int]:
    """(page 500 or the last page when there are fewer, rows per page); the admin's page holds the same rows."""
    view = resolve(reverse(spec.url_name)).func.view_class  # type: ignore[attr-defined]
    per_page = getattr(view, "table_pagination", {}).get("per_page", 25)
    return max(1, min(DEEP_PAGE, math.ceil(spec.model._default_manager.count() / per_page))), per_page


def _model_field(model, path: str):
    """The model field at the end of `path` ("allocation_line__area"), or None."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else model
    return field


def _row_value(model, path: str, sample):
    if sample is None or _model_field(model, path) is None:
        return None
    return model.objects.filter(pk=sample.pk).values_list(path, flat=True).first()


def sample_value(model, flt, sample) -> str | None:
    """A value the filter accepts, by its kind, taken from the sample row where it can be."""
    path = flt.field_name
    field_class = getattr(flt, "field_class", None)
    if isinstance(flt, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        value = _row_value(model, path, sample)
        if value is None and not callable(flt.queryset) and flt.queryset is not None:
            value = flt.queryset.values_list("pk", flat=True).first()
        return None if value is None else str(value)
    if isinstance(flt, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = flt.extra.get("choices", ())
        values = [str(c[0]) for c in (choices() if callable(choices) else choices) if c[0] not in ("", None)]
        row = _row_value(model, path, sample)
        for wanted in (*PREFERRED_CHOICES, row):
            if wanted in values:
                return str(wanted)
        return values[0] if values else None
    if isinstance(flt, django_filters.BooleanFilter):
        return "true"
    if field_class and issubclass(field_class, forms.IntegerField):  # a number of days, a count
        return "5"
    lower = flt.lookup_expr in ("gt", "gte") or path.endswith("from") or flt.field_name.endswith("_min")
    if field_class and issubclass(field_class, forms.DateField):
        day = timezone.localdate() - dt.timedelta(days=90 if lower else 3000)
        return day.strftime("%d/%m/%Y")
    field = _model_field(model, path)
    if isinstance(field, models.DecimalField | models.IntegerField) or "amount" in flt.field_name:
        return "9500" if lower else "600"
    if isinstance(flt, django_filters.CharFilter):
        value = _row_value(model, path, sample)
        return None if value in (None, "") else str(value)
    return None


def admin_query(model_admin, model, flt, value: str, request) -> dict | None:
    """The same filter in the admin's terms, or None when the admin cannot express it."""
    for item in model_admin.get_list_filter(request):
        parameter = getattr(item, "parameter_name", None) if isinstance(item, type) else None
        if parameter and parameter == flt.field_name.split("__")[-1]:
            return {parameter: value}
    if flt.method is not None:
        return None
    field = _model_field(model, flt.field_name)
    if field is None:
        return None
    lookup = flt.field_name + ("__id" if field.is_relation else "") + f"__{flt.lookup_expr}"
    if isinstance(field, models.DateField):
        value = dt.datetime.strptime(value, "%d/%m/%Y").date().isoformat()
    try:
        allowed = model_admin.lookup_allowed(lookup, value, request)
    except TypeError:  # the signature before Django 5.0
        allowed = model_admin.lookup_allowed(lookup, value)
    return {lookup: value} if allowed else None


def sortable_columns(table_class) -> list[tuple[str, list[str]]]:
    table = table_class([])
    return [
        (column.name, [str(o).lstrip("-").replace(".", "__") for o in column.order_by])
        for column in table.columns
        if column.orderable
    ]


def admin_sort(model_admin, fields: list[str], request) -> dict | None:
    """The admin's `o` parameter that sorts by the same field first, or None."""
    offset = 1 if model_admin.get_actions(request) else 0
    model = model_admin.model
    for index, name in enumerate(model_admin.get_list_display(request)):
        attr = getattr(model_admin, name, None)
        order = getattr(attr, "admin_order_field", None) if attr is not None else None
        field = _model_field(model, name) if order is None else None
        if field is not None:
            order = name
            if field.is_relation and field.related_model._meta.ordering:
                order = f"{name}__{field.related_model._meta.ordering[0].lstrip('-')}"
        if order and fields and order.lstrip("-") == fields[0]:
            return {"o": str(index + offset)}
    return None
