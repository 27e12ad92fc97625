"""Forms of the volunteer pages: details, a status step, training, re-accreditation, AA availability.

Each form reads what was typed the way the office writes it (dd/mm/yyyy, 24-hour times) and hands
it to one service, which checks again (`volunteers.services.people`).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.fields import UKDateField, required, text_area
from opcc.core.models import PolicingArea
from volunteers.models import Course, Scheme, VettingLevel
from volunteers.workflow import Action

LONG_TEXT = 5_000
TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def _text(label: str, *, what: str, max_length: int, optional: bool = False, width: int = 20):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": f"govuk-input--width-{width}"}),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def _date(label: str, what: str, *, optional: bool = False, not_future: bool = True) -> UKDateField:
    return UKDateField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        not_future=not_future,
        what=what,
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
        kwargs.setdefault("help_text", "24-hour clock, for example 09:00 or 21:30")
        kwargs.setdefault("error_messages", required(f"Enter the {what}"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        match = TIME.fullmatch(text.strip()) if len(text) <= 10 else None
        if match is None:
            raise ValidationError(f"The {self.what} must be a real time on the 24-hour clock, like 21:30")
        return dt.time(int(match.group(1)), int(match.group(2)))


class ChoiceOfRows(forms.ModelChoiceField):
    """A choice among reference rows by id, with the digits 0 to 9 only (int() also reads other
    scripts' digits)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class VolunteerForm(forms.Form):
    """A volunteer's details (`applied_on` only when adding one)."""

    first_name = _text("First name", what="the first name", max_length=100)
    last_name = _text("Last name", what="the last name", max_length=100)
    scheme = forms.ChoiceField(
        label="Scheme",
        choices=Scheme.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose the scheme"),
    )
    applied_on = _date("Date applied", "application date")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Shorten the email address to %(limit_value)s characters or fewer",
        },
    )
    phone = _text("Phone number", what="the phone number", max_length=30, optional=True, width=20)
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=LONG_TEXT,
        widget=text_area(3),
        error_messages={"max_length": "Shorten the address to %(limit_value)s characters or fewer"},
    )
    postcode = _text("Postcode", what="the postcode", max_length=10, optional=True, width=10)
    area = ChoiceOfRows(
        label="Area (optional)",
        queryset=PolicingArea.objects.all(),
        required=False,
        empty_label="Not set",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    team = _text("Team", what="the team", max_length=100, optional=True)
    vetting_level = forms.ChoiceField(
        label="Police vetting level (optional)",
        choices=[("", "Not vetted yet"), *VettingLevel.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a vetting level from the list"},
    )
    vetting_cleared_on = _date("Vetting cleared", "vetting clearance date", optional=True)
    vetting_expires_on = _date("Vetting expires", "vetting expiry date", optional=True, not_future=False)
    independence_declared_on = _date(
        "Independence declared",
        "declaration date",
        optional=True,
    )

    field_order = [
        "first_name",
        "last_name",
        "scheme",
        "applied_on",
        "email",
        "phone",
        "address",
        "postcode",
        "area",
        "team",
        "vetting_level",
        "vetting_cleared_on",
        "vetting_expires_on",
        "independence_declared_on",
    ]

    def __init__(self, *args, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not adding:
            del self.fields["applied_on"]
        self.fields["independence_declared_on"].help_text = (
            "The date they declared they hold no police role (officer, staff or special). "
            "For example, 27/03/2025"
        )

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "applied_on"}


class TransitionForm(forms.Form):
    """A status step: its date, and for suspending or leaving the reason."""

    on = _date("Date", "date")
    reason = forms.CharField(
        label="Reason",
        max_length=LONG_TEXT,
        widget=text_area(4),
        error_messages={
            **required("Give the reason"),
            "max_length": "Shorten the reason to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        if action not in (Action.SUSPEND, Action.LEAVE):
            del self.fields["reason"]
        self.fields["on"].initial = timezone.localdate()


class TrainingForm(forms.Form):
    course = ChoiceOfRows(
        label="Course",
        queryset=Course.objects.filter(active=True),
        empty_label="Choose a course",
        error_messages={**required("Choose the course"), "invalid_choice": "Choose a course from the list"},
    )
    completed_on = _date("Date completed", "completion date")


class ReaccreditForm(forms.Form):
    on = _date("Date re-accredited", "re-accreditation date")


class AvailabilityForm(forms.Form):
    """A time an appropriate adult can be called out; an end before the start runs past midnight."""

    day = _date("Date", "date", not_future=False)
    starts = TimeField(label="From", what="start time")
    ends = TimeField(label="To", what="end time")

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends and starts == ends:
            self.add_error("ends", "The end time must be different from the start time")
        elif day and starts and ends:
            zone = timezone.get_current_timezone()
            start = dt.datetime.combine(day, starts, tzinfo=zone)
            end_day = day if ends > starts else day + dt.timedelta(days=1)
            data["starts_at"] = start
            data["ends_at"] = dt.datetime.combine(end_day, ends, tzinfo=zone)
        return data
