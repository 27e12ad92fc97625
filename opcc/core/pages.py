"""What every module's pages share: a title and breadcrumbs, and forms whose data goes to one service.

A service raises ValidationError keyed by its own argument names; `add_service_errors` puts each
message on the matching form field (or on top), so a rule enforced in the service reads on the page
exactly like a form's own check.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView

from opcc.core.permissions import PermissionMixin


def add_service_errors(form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: known field keys on fields, the rest on top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


class Page(PermissionMixin):
    """A module page: the permission it needs, its title and its breadcrumbs."""

    permission_required: str | tuple[str, ...] | None = None  # None: Django refuses to serve the view
    page_title = ""

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return []

    def get_page_title(self) -> str:
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("breadcrumbs", self.get_breadcrumbs())
        return context


class ServiceFormView(Page, FormView):
    """A form whose valid data goes to ONE service; service errors come back as form errors."""

    template_name = "form_page.html"
    submit_label = "Save"
    success_message = ""
    error_field_map: dict[str, str] = {}
    cancel_url = ""

    def perform(self, form):  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc, self.error_field_map)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def get_cancel_url(self) -> str:
        return self.cancel_url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("submit_label", self.submit_label)
        context.setdefault("cancel_url", self.get_cancel_url())
        return context


class TransitionStepMixin:
    """A form page for one step of a record's transition table, named by the URL's ``action``.

    An unknown step is a 404; a step the record's status does not allow now (a stale page, a direct
    POST) goes back to the record with the reason and changes nothing. Subclasses name the table,
    the action enum, the status choices and the module's ``check_transition``, and say which record
    the step is on (``step_record``). Put it before the module's form view in the bases.
    """

    transitions: dict
    action_type: type
    status_choices: type
    check_transition: staticmethod

    def step_record(self):
        raise NotImplementedError

    def step_return_url(self) -> str:
        return self.step_record().get_absolute_url()

    def dispatch(self, request, *args, **kwargs):
        try:
            self.action = self.action_type(kwargs["action"])
        except ValueError:
            raise Http404("No such step.") from None
        if self.action not in self.transitions:
            raise Http404("No such step.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get(self, request, *args, **kwargs):
        return self.refuse_stale() or super().get(request, *args, **kwargs)  # type: ignore[misc]

    def post(self, request, *args, **kwargs):
        return self.refuse_stale() or super().post(request, *args, **kwargs)  # type: ignore[misc]

    def refuse_stale(self):
        try:
            self.check_transition(
                self.transitions, self.action, self.step_record().status, self.status_choices
            )
        except ValidationError as exc:
            messages.warning(self.request, exc.messages[0])  # type: ignore[attr-defined]
            return redirect(self.step_return_url())
        return None

    def get_page_title(self):
        return self.transitions[self.action].label

    def get_context_data(self, **kwargs):
        kwargs.setdefault("submit_label", self.transitions[self.action].label)
        return super().get_context_data(**kwargs)  # type: ignore[misc]


def subquery_count(queryset, *, group: str):
    """COUNT of `queryset` rows grouped on `group` (already filtered on OuterRef), 0 when none."""
    counts = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counts), Value(0))
