"""Forms of the awards pages: an edition, a nomination and a judging step.

Each form reads what was typed the way the office writes it (dd/mm/yyyy, digits 0 to 9) and hands
it to one service (`engagement.services.awards`), which checks again.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from engagement.models import AwardCategory, AwardEdition, NomineeKind
from opcc.core.fields import UKDateField, WholeNumberField, required, text_area
from opcc.core.models import PolicingArea

LONG_TEXT = 10_000


def short_text(label: str, *, what: str, max_length: int, optional: bool = False, width: int = 20):
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


def long_text(label: str, *, what: str, optional: bool = False, rows: int = 5):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=LONG_TEXT,
        widget=text_area(rows),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


def _ascii_ids(values) -> None:
    """Row ids with the digits 0 to 9 only (int() also reads other scripts' digits)."""
    for value in values if isinstance(values, list | tuple) else [values]:
        if (
            isinstance(value, str)
            and value.strip()
            and not (value.strip().isascii() and value.strip().isdigit())
        ):
            raise ValidationError("Choose from the list", code="invalid_choice")


class ChoiceOfRows(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            _ascii_ids(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)


class ChoicesOfRows(forms.ModelMultipleChoiceField):
    def clean(self, value):
        try:
            _ascii_ids(list(value) if isinstance(value, list | tuple) else value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"] % {"value": "?"}) from None
        return super().clean(value)


def area_choice(*, optional: bool) -> ChoiceOfRows:
    return ChoiceOfRows(
        label="Area (optional)" if optional else "Area",
        queryset=PolicingArea.objects.all(),
        required=not optional,
        empty_label="Not set" if optional else "Choose an area",
        error_messages={**required("Choose the area"), "invalid_choice": "Choose an area from the list"},
    )


class EditionForm(forms.Form):
    number = WholeNumberField(
        label="Edition number",
        min_value=1,
        max_value=999,
        help_text="7 for the 7th Outstanding Citizens Awards.",
        error_messages=required("Enter the edition number"),
    )
    nominations_open_on = UKDateField(label="Nominations open", what="date nominations open")
    nominations_close_on = UKDateField(label="Nominations close", what="date nominations close")
    ceremony_on = UKDateField(label="Ceremony date (optional)", what="ceremony date", required=False)
    categories = ChoicesOfRows(
        label="Categories",
        queryset=AwardCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all the categories awarded this year.",
        error_messages={
            **required("Choose at least one category"),
            "invalid_choice": "Choose categories from the list",
            "invalid_pk_value": "Choose categories from the list",
        },
    )

    def __init__(self, *args, edition: AwardEdition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = AwardCategory.objects.filter(active=True)
        if edition is not None:  # a category retired since may stay on the edition that has it
            queryset = AwardCategory.objects.filter(pk__in=edition.categories.values("pk")) | queryset
        self.fields["categories"].queryset = queryset.distinct()  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    category = ChoiceOfRows(
        label="Category",
        queryset=AwardCategory.objects.none(),
        empty_label="Choose a category",
        error_messages={
            **required("Choose the category"),
            "invalid_choice": "Choose a category from the list",
        },
    )
    nominee_name = short_text("Nominee's name", what="the nominee's name", max_length=150)
    nominee_kind = forms.ChoiceField(
        label="Who is nominated",
        choices=NomineeKind.choices,
        widget=forms.RadioSelect,
        initial=NomineeKind.PERSON,
        error_messages={
            **required("Choose whether a person or a group is nominated"),
            "invalid_choice": "Choose whether a person or a group is nominated",
        },
    )
    young_person = forms.BooleanField(
        label="The nominee is a young person (under 18), or a group of young people",
        required=False,
        help_text="Young people are nominated in the categories for young people only.",
    )
    area = area_choice(optional=True)
    nominator_name = short_text("Nominator's name", what="the nominator's name", max_length=150)
    nominator_contact = short_text(
        "Nominator's email or phone", what="the nominator's email or phone", max_length=150, optional=True
    )
    citation = long_text("Citation", what="why the nominee deserves the award")
    publicity_consent = forms.BooleanField(
        label="The nominee agrees to be named in publicity",
        required=False,
        help_text="Without it, the published list says “Name withheld”.",
    )
    received_on = UKDateField(label="Date received", what="date received", not_future=True)

    def __init__(self, *args, edition: AwardEdition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = edition.categories.all()  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    """A judging step, with a note for the record (why not selected, the panel's words)."""

    note = long_text("Note", what="the note", optional=True, rows=3)
