"""Forms of the event pages: record or correct an event, and confirm a status step.

Selects stay bounded: policing areas are reference data, and the consultation select offers the
most recent consultations only (and the one already linked). The services check everything again.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from engagement.models import Consultation, EventStatus, EventType
from engagement.services.events import ATTENDED_BY, MAX_AUDIENCE
from opcc.core.fields import UKDateField, WholeNumberField, required, text_area
from opcc.core.models import PolicingArea

LONG_TEXT = 10_000
RECENT_CONSULTATIONS = 40
ATTENDED_BY_CHOICES = [
    ("commissioner", "The Commissioner"),
    ("deputy", "The Deputy Commissioner"),
    ("other_office_holders", "Other office holders"),
    ("staff", "Office staff"),
]


class RowChoice(forms.ModelChoiceField):
    """A choice among rows by id typed with the digits 0 to 9 only (int() also reads other scripts')."""

    def to_python(self, value):
        if (
            isinstance(value, str)
            and value.strip()
            and not (value.strip().isascii() and value.strip().isdigit())
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AreaChoice(RowChoice):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity})"


def text_field(label: str, *, what: str, max_length: int, optional: bool = False, long: bool = False):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=text_area(4) if long else forms.TextInput(attrs={"class": "govuk-input--width-30"}),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def consultation_choices(current: Consultation | None = None):
    recent = Consultation.objects.order_by("-opens_on", "-pk").values("pk")[:RECENT_CONSULTATIONS]
    found = Q(pk__in=recent)
    if current is not None:
        found |= Q(pk=current.pk)
    return Consultation.objects.filter(found).order_by("-opens_on", "-pk")


class EventForm(forms.Form):
    status = forms.ChoiceField(
        label="Has the event happened?",
        choices=[(EventStatus.ATTENDED, "Yes, it was attended"), (EventStatus.PLANNED, "No, it is planned")],
        widget=forms.RadioSelect,
        initial=EventStatus.ATTENDED,
        error_messages={
            **required("Choose whether the event was attended or is planned"),
            "invalid_choice": "Choose attended or planned",
        },
    )
    date = UKDateField(label="Date of the event", what="date of the event")
    title = text_field("Title", what="the event's title", max_length=200)
    event_type = forms.ChoiceField(
        label="Type of event",
        choices=[("", "Choose a type"), *EventType.choices],
        error_messages={
            **required("Choose the type of event"),
            "invalid_choice": "Choose a type from the list",
        },
    )
    area = AreaChoice(
        label="Area (optional)",
        required=False,
        queryset=PolicingArea.objects.order_by("-valid_from_year", "sort_order", "name"),
        empty_label="Force-wide or outside the force area",
        help_text="An area of the map in use in the event's financial year.",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    attended_by = forms.MultipleChoiceField(
        label="Who attended for the office",
        choices=ATTENDED_BY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. For a planned event: who is expected to attend.",
        error_messages={"invalid_choice": "Choose who attended from the list"},
    )
    audience_estimate = WholeNumberField(
        label="Audience estimate (optional)",
        required=False,
        min_value=0,
        max_value=MAX_AUDIENCE,
        help_text="Roughly how many people were there.",
    )
    consultation = RowChoice(
        label="Consultation (optional)",
        required=False,
        queryset=Consultation.objects.none(),
        empty_label="Not part of a consultation",
        error_messages={"invalid_choice": "Choose a consultation from the list"},
    )
    notes = text_field("Notes", what="the notes", max_length=LONG_TEXT, optional=True, long=True)

    def __init__(self, *args, event=None, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultation_choices(event.consultation if event else None)  # type: ignore[attr-defined]
        if not adding:
            del self.fields["status"]

    @classmethod
    def initial_for(cls, event) -> dict:
        return {
            "date": event.date,
            "title": event.title,
            "event_type": event.event_type,
            "area": event.area_id,
            "attended_by": [name for name in ATTENDED_BY if getattr(event, name)],
            "audience_estimate": event.audience_estimate,
            "consultation": event.consultation_id,
            "notes": event.notes,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        ticked = set(data.pop("attended_by", []))
        data.pop("status", None)
        return data | {name: name in ticked for name in ATTENDED_BY}


class ConfirmForm(forms.Form):
    """A status step that needs nothing but the press of a button."""
