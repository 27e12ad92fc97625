"""Forms of the case pages: log or edit a case, assign it, and the clock's steps.

Each form reads what was typed the way the office writes it (dd/mm/yyyy, 24-hour times) and hands
it to one service (`engagement.services`), which checks again: a rule the service enforces reads
on the page like the form's own (`add_service_errors`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement import clock
from engagement.models import (
    Case,
    Category,
    Channel,
    Outcome,
    ReopenReason,
    Representative,
    ReviewOutcome,
    StopReason,
    Team,
)
from engagement.services import assignable_users
from opcc.core.fields import UKDateField, required, text_area
from opcc.core.models import PolicingArea

LONG_TEXT = 10_000
TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def _text(label: str, *, what: str, max_length: int, optional: bool = True, width: int = 20, **kwargs):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": f"govuk-input--width-{width}"}),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
        **kwargs,
    )


def _long(label: str, *, what: str, optional: bool = True, rows: int = 4, max_length: int = LONG_TEXT):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=text_area(rows),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def _date(label: str, what: str) -> UKDateField:
    return UKDateField(label=label, not_future=True, what=what)


def _choice(label: str, choices, what: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"},
        **kwargs,
    )


class TimeField(forms.CharField):
    """A 24-hour time typed as 14:30 (or 14.30), with the digits 0 to 9."""

    def __init__(self, *, what: str = "time", **kwargs):
        self.what = what
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        kwargs.setdefault("help_text", "24-hour clock, for example 09:00 or 14:30")
        kwargs.setdefault("error_messages", required(f"Enter the {what}"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        match = TIME.fullmatch(text.strip()) if len(text) <= 10 and text.isascii() else None
        if match is None:
            raise ValidationError(f"The {self.what} must be a real time on the 24-hour clock, like 14:30")
        return dt.time(int(match.group(1)), int(match.group(2)))


class RowChoice(forms.ModelChoiceField):
    """A choice among a bounded list of rows by id, with the digits 0 to 9 only (int() also reads
    other scripts' digits)."""

    def to_python(self, value):
        if (
            isinstance(value, str)
            and value.strip()
            and not (value.strip().isascii() and value.strip().isdigit())
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CategoryChoice(RowChoice):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.name}: {obj.rule_text}"


class PersonChoice(RowChoice):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def _person(label: str, *, optional: bool) -> PersonChoice:
    return PersonChoice(
        label=label,
        queryset=assignable_users(),
        required=not optional,
        empty_label="Not assigned yet" if optional else "Choose a person",
        error_messages={
            "required": "Choose who will handle it",
            "invalid_choice": "Choose a person from the list",
        },
    )


class CaseForm(forms.Form):
    """A case's details: when adding, also when it came, its team and (optionally) who handles it."""

    received_on = _date("Date received", "date received")
    received_time = TimeField(label="Time received", what="time received")
    channel = _choice("How it came", Channel.choices, "how it came")
    category = CategoryChoice(
        label="Category",
        queryset=Category.objects.none(),
        help_text="The category sets the clock: each option says its rule.",
        empty_label="Choose a category",
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category from the list"},
    )
    correspondent_name = _text("Correspondent's name", what="the correspondent's name", max_length=150)
    correspondent_organisation = _text("Organisation", what="the organisation", max_length=150)
    correspondent_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Shorten the email address to %(limit_value)s characters or fewer",
        },
    )
    correspondent_phone = _text("Phone number", what="the phone number", max_length=30)
    correspondent_address = _long("Address", what="the address", rows=3, max_length=1_000)
    representative = _choice(
        "Is the correspondent an MP or councillor?", Representative.choices, "whether an MP or councillor wrote",
        required=False,
    )  # fmt: skip
    on_behalf_of = _text(
        "Writing on behalf of", what="who they write for", max_length=150,
        help_text="For example, the constituent an MP writes for.",
    )  # fmt: skip
    subject = _text("Subject", what="a subject", max_length=200, optional=False, width=30)
    summary = _long("Summary", what="the summary", rows=5)
    area = RowChoice(
        label="Area (optional)",
        queryset=PolicingArea.objects.none(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    team = _choice("Team", Team.choices, "a team", initial=Team.BUSINESS_SUPPORT)
    assigned_to = _person("Assigned to (optional)", optional=True)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        categories = Category.objects.filter(active=True)
        if case is not None:
            categories = Category.objects.filter(active=True) | Category.objects.filter(pk=case.category_id)
            for name in ("received_on", "received_time", "team", "assigned_to"):
                del self.fields[name]
        cast(RowChoice, self.fields["category"]).queryset = categories.order_by("sort_order", "name")
        year = (case.received_on if case else timezone.localdate()).year
        if case is None and self.is_bound:  # the areas of the year it came (NPUs before 2024/25)
            with contextlib.suppress(ValidationError):
                year = self.fields["received_on"].clean(self.data.get("received_on")).year
        cast(RowChoice, self.fields["area"]).queryset = PolicingArea.objects.valid_in(year)

    def received_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["received_on"], data["received_time"]))

    def detail_fields(self) -> dict:
        skip = {"received_on", "received_time", "category", "team", "assigned_to"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class AssignForm(forms.Form):
    assigned_to = _person("Who will handle it", optional=False)
    team = _choice("Team", Team.choices, "a team")


class ConfirmForm(forms.Form):
    """No fields: the button confirms the step."""


class StopForm(forms.Form):
    reason = _choice("Why the clock stops", [], "why the clock stops", widget=forms.RadioSelect)
    started_on = _date("Date the office asked", "date the office asked")
    note = _long("Note", what="the note", rows=3)

    def __init__(self, *args, rule: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reason"]).choices = [
            (r, StopReason(r).label) for r in clock.STOP_REASONS[rule]
        ]


class RestartForm(forms.Form):
    ended_on = _date("Date the answer arrived", "date the answer arrived")


class ExtendForm(forms.Form):
    told_on = _date("Date the requester was told", "date the requester was told")
    reason = _long("Why the request is complex", what="why the request is complex", optional=False, rows=3)


class RespondForm(forms.Form):
    """The response; FOI/EIR with the outcome and exemptions, a reopened review with its outcome."""

    responded_on = _date("Date of the response", "response date")
    outcome = _choice("Outcome", Outcome.choices, "the outcome of the request", widget=forms.RadioSelect)
    exemptions = _long(
        "Exemptions applied", what="the exemptions", rows=3,
    )  # fmt: skip
    review_outcome = _choice(
        "Outcome of the internal review", ReviewOutcome.choices, "the outcome of the internal review",
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = _long("Note", what="the note", rows=3)

    def __init__(self, *args, information: bool, review: bool, internal_review: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemptions"].help_text = "Needed when information is refused or provided in part."
        if review:
            del self.fields["outcome"], self.fields["exemptions"]
            if not internal_review:
                del self.fields["review_outcome"]
        else:
            del self.fields["review_outcome"]
            if not information:
                del self.fields["outcome"], self.fields["exemptions"]


class CloseForm(forms.Form):
    closed_on = _date("Date closed", "date closed")


class ReopenForm(forms.Form):
    reason = _choice(
        "Why it is reopened", ReopenReason.choices, "why the case is reopened", widget=forms.RadioSelect
    )
    requested_on = _date("Date of the request", "date of the request")


class LinkForm(forms.Form):
    complaint_reference = _text(
        "Complaint review reference", what="the complaint review reference", max_length=30, width=10,
        help_text="Leave blank to remove the link.",
    )  # fmt: skip
    application_reference = _text(
        "Grant application reference", what="the grant application reference", max_length=30, width=10,
        help_text="Leave blank to remove the link.",
    )  # fmt: skip
