from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """GOV.UK wording; Django's form already hides whether the username exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "address_blocked": "Too many failed sign-ins from your network. Wait 15 minutes and try again.",
    }

    def clean(self):
        # Password spraying: one address trying many usernames once each (django-axes counts
        # per username and address, so it never sees this). Checked before the password is.
        from opcc.accounts.throttle import address_blocked

        if self.request is not None and address_blocked(self.request):
            raise forms.ValidationError(self.error_messages["address_blocked"], code="address_blocked")
        return super().clean()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "govuk-input", "autocomplete": "username"})
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"class": "govuk-input", "autocomplete": "current-password"}
        )
