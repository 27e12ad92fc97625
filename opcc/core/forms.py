from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """GOV.UK wording; Django's form already hides whether the username exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "govuk-input", "autocomplete": "username"})
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"class": "govuk-input", "autocomplete": "current-password"}
        )
