"""Retention forms: input shape and messages only; the rules are in opcc.privacy.retention."""

from __future__ import annotations

from django import forms

from opcc.core.fields import WholeNumberField, required, text_area
from opcc.privacy import registry
from opcc.privacy.models import MAX_MONTHS, RetentionRule
from opcc.privacy.registry import Trigger


class RuleForm(forms.Form):
    months = WholeNumberField(
        label="Period in months",
        min_value=1,
        max_value=MAX_MONTHS,
        help_text="For example, 72 for 6 years.",
        error_messages=required("Enter the period in months"),
    )
    trigger = forms.ChoiceField(
        label="Counted from",
        widget=forms.RadioSelect,
        error_messages=required("Choose what the period counts from"),
    )
    active = forms.BooleanField(label="Dispose of records of this type when they are due", required=False)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000, widget=text_area(3))

    def __init__(self, *args, rule: RetentionRule, **kwargs):
        super().__init__(*args, **kwargs)
        offered = registry.record_type(rule.record_type).triggers
        self.fields["trigger"].choices = [(t, Trigger(t).label.capitalize()) for t in offered]  # type: ignore[attr-defined]


class HoldForm(forms.Form):
    source_key = forms.ChoiceField(label="Kind of record", error_messages=required("Choose a kind of record"))
    reference = forms.CharField(
        label="Reference or number",
        max_length=60,
        help_text="For example, CR-2024-0012, or the record's number where it has no reference.",
        error_messages=required("Enter the record's reference or number"),
    )
    reason = forms.CharField(
        label="Why the record must be kept",
        max_length=2000,
        widget=text_area(3),
        help_text="For example, a claim, an ICO complaint or an FOI appeal.",
        error_messages=required("Enter why the record must be kept"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = sorted(((s.key, s.label) for s in registry.sources()), key=lambda c: c[1])
        self.fields["source_key"].choices = [("", "Choose a kind of record"), *kinds]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    """Lifting a hold, rejecting a batch: a reason and the button."""

    reason = forms.CharField(
        label="Reason", max_length=2000, widget=text_area(3), error_messages=required("Enter the reason")
    )


class LogFilterForm(forms.Form):
    record_type = forms.ChoiceField(label="Record type", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "All record types"), *registry.record_type_choices()]
        self.fields["record_type"].choices = choices  # type: ignore[attr-defined]
