"""Organisations (Office staff): the duplicate check asks for a confirmation, it never blocks."""

from __future__ import annotations

from django import forms

from grants.models import Organisation
from opcc.core.fields import required, text_area
from opcc.core.models import LocalAuthority

FIELDS = (
    "name",
    "org_type",
    "charity_number",
    "company_number",
    "address",
    "postcode",
    "contact_name",
    "contact_email",
    "contact_phone",
    "safeguarding_policy_held",
    "notes",
)


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages=required("Enter the organisation's name")
    )
    org_type = forms.ChoiceField(
        label="Type of organisation",
        choices=Organisation.Type.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose the type of organisation"),
    )
    charity_number = forms.CharField(
        label="Charity number (optional)",
        required=False,
        max_length=12,
        help_text="For example, 1164883 (Scotland: SC012345).",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    company_number = forms.CharField(
        label="Company number (optional)",
        required=False,
        max_length=10,
        help_text="8 characters, for example 01234567 or SC123456.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    address = forms.CharField(label="Address (optional)", required=False, widget=text_area(3))
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
    )
    areas_served = forms.ModelMultipleChoiceField(
        label="Areas served",
        queryset=LocalAuthority.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    contact_name = forms.CharField(label="Contact name (optional)", required=False, max_length=150)
    contact_email = forms.EmailField(
        label="Contact email (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    contact_phone = forms.CharField(
        label="Contact phone (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    safeguarding_policy_held = forms.BooleanField(
        label="We hold a copy of their safeguarding policy",
        required=False,
        help_text="Required before an award can be made.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=text_area(3))
    confirm_duplicate = forms.BooleanField(
        label="Save anyway: this is a different organisation",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []

    def ask_to_confirm(self, duplicates) -> None:
        """Show the "Save anyway" checkbox with an error that names the likely duplicates."""
        self.duplicates = list(duplicates)
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
        names = ", ".join(o.name for o in self.duplicates)
        self.add_error(
            "confirm_duplicate",
            f"This may be a duplicate of {names}. Check it is a different organisation, then select "
            "“Save anyway” to save it",
        )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}

    @staticmethod
    def initial_for(organisation: Organisation) -> dict:
        initial = {name: getattr(organisation, name) for name in FIELDS}
        initial["areas_served"] = list(organisation.areas_served.all())
        return initial
