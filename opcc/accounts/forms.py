import re

from django import forms

from opcc.accounts.services import normalise_recovery_code

# ASCII digits only: int() would otherwise read Arabic-Indic or full-width digits as a code.
SIX_DIGITS = re.compile(r"^[0-9]{6}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now, for example 123456.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not SIX_DIGITS.match(code):
            raise forms.ValidationError("Enter the 6 digits from your authenticator app, like 123456.")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you saved when you set up your sign-in, for example ABCDE-23456.",
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter a recovery code."},
    )

    def clean_code(self) -> str:
        code = normalise_recovery_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code):
            raise forms.ValidationError("Enter a recovery code of 10 letters and numbers, like ABCDE-23456.")
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="For example: lost phone, reported on the service desk ticket 1234.",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Enter the reason, for the audit trail."},
    )
