"""One small form per step of an application's life (see grants/workflow.py)."""

from __future__ import annotations

from django import forms

from grants.models import Assessment
from opcc.core.fields import MoneyField, UKDateField, WholeNumberField, required, text_area


class ConfirmForm(forms.Form):
    """Steps that need nothing but the button (submit, start the check, close)."""


class AssessForm(forms.Form):
    CHECKS = [
        ("in_area", "The project is in the force area"),
        ("constituted", "The group is constituted (has a governing document)"),
        ("plan_aligned", "The project is aligned with the Police and Crime Plan"),
    ]

    checks = forms.MultipleChoiceField(
        label="Which eligibility checks does it pass?",
        choices=CHECKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. An application that fails a check is marked ineligible.",
    )
    recommendation = forms.ChoiceField(
        label="Your recommendation",
        choices=Assessment.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose a recommendation"),
    )
    recommended_amount = MoneyField(
        label="Amount recommended (only when funding in part)",
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons for your recommendation",
        widget=text_area(5),
        error_messages=required("Enter the reasons for your recommendation"),
    )
    no_conflict_confirmed = forms.BooleanField(
        label="I have no conflict of interest with this applicant or project",
        error_messages=required(
            "Confirm you have no conflict of interest, or declare it and ask a colleague to assess"
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("recommendation") == Assessment.Recommendation.FUND_IN_PART and not data.get(
            "recommended_amount"
        ):
            self.add_error("recommended_amount", "Enter the amount you recommend when funding in part")
        return data


class ConflictForm(forms.Form):
    details = forms.CharField(
        label="Describe the conflict of interest",
        widget=text_area(4),
        help_text="For example, you are a trustee of the organisation or related to its contact.",
        error_messages=required("Describe the conflict of interest"),
    )


class ApproveForm(forms.Form):
    amount = MoneyField(label="Amount to award", error_messages=required("Enter the amount to award"))
    conditions = forms.CharField(
        label="Conditions of the grant (optional)", required=False, widget=text_area(3)
    )
    purpose = forms.CharField(
        label="What the grant pays for (optional)",
        required=False,
        widget=text_area(3),
        help_text="Published in the grants register and 360Giving. Leave blank to use the project summary.",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is the application rejected?",
        widget=text_area(4),
        error_messages=required("Enter the reason for rejecting the application"),
    )


class ReturnForm(forms.Form):
    missing = forms.CharField(
        label="What information is missing?",
        widget=text_area(4),
        help_text="The applicant's contact is told this; the application is resubmitted when complete.",
        error_messages=required("Enter what information is missing"),
    )


class AgreementForm(forms.Form):
    signed_on = UKDateField(
        label="Date the agreement was signed", what="date the agreement was signed", not_future=True
    )


class PaymentForm(forms.Form):
    amount = MoneyField(label="Amount paid", error_messages=required("Enter the amount paid"))
    paid_on = UKDateField(label="Payment date", what="payment date", not_future=True)
    finance_reference = forms.CharField(
        label="Finance system reference",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages=required("Enter the finance system reference for the payment"),
    )


class MonitoringScheduleForm(forms.Form):
    due_on = UKDateField(label="Date the return is due", what="due date")


class MonitoringReceiveForm(forms.Form):
    received_on = UKDateField(label="Date received", what="date received", not_future=True)
    beneficiaries_reached = WholeNumberField(
        label="How many people did the project reach?",
        min_value=0,
        error_messages=required("Enter how many people the project reached"),
    )
    outcomes = forms.CharField(
        label="Outcomes reported",
        widget=text_area(5),
        error_messages=required("Describe the outcomes reported"),
    )
    spend_confirmed = MoneyField(
        label="Spend confirmed",
        allow_zero=True,
        error_messages=required("Enter the spend the organisation confirmed, or 0"),
    )


class VaryForm(forms.Form):
    new_amount = MoneyField(
        label="New award amount (optional)",
        required=False,
        help_text="Leave blank to keep the amount.",
    )
    new_end = UKDateField(
        label="New end date (optional)",
        what="new end date",
        required=False,
        help_text="Leave blank to keep the end date. For example, 27/03/2026",
    )
    reason = forms.CharField(
        label="Reason for the variation",
        widget=text_area(4),
        error_messages=required("Enter the reason for the variation"),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("new_amount") is None and data.get("new_end") is None:
            self.add_error(None, "Enter a new amount or a new end date")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        widget=text_area(4),
        error_messages=required("Enter why the application is withdrawn"),
    )
    recovered_amount = MoneyField(
        label="Amount recovered from the organisation",
        allow_zero=True,
        required=False,
        help_text="Money paid and returned by the organisation. Leave blank if none.",
    )

    def __init__(self, *args, awarded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not awarded:
            del self.fields["recovered_amount"]
