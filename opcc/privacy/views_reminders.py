""" "Your reminders": a person's own digest settings and a preview of today's digest."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from opcc.core.fields import WholeNumberField
from opcc.core.pages import ServiceFormView
from opcc.privacy.models import ReminderPreference
from opcc.privacy.reminders import digest_for, preference_for, preference_save

DAYS = ReminderPreference._meta.get_field("days_ahead")


class ReminderSettingsForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label="Send me the daily digest",
        choices=[("yes", "Yes, email me each working morning when something is due"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to get the daily digest"},
    )
    days_ahead = WholeNumberField(
        label="How many working days ahead to look",
        help_text="From 1 to 20. Overdue items are always included.",
        min_value=1,
        max_value=20,
        error_messages={"required": "Enter how many working days ahead to look, from 1 to 20"},
    )


class ReminderSettingsView(ServiceFormView):
    """Every signed-in person has reminders: the page is about their own account, so it needs no
    permission beyond signing in (the service refuses anyone changing another's)."""

    permission_required = ()
    template_name = "privacy/reminders/settings.html"
    form_class = ReminderSettingsForm
    page_title = "Your reminders"
    submit_label = "Save"
    success_message = "Your reminders are saved."

    def get_initial(self):
        preference = preference_for(self.request.user)
        return {"enabled": "yes" if preference.enabled else "no", "days_ahead": preference.days_ahead}

    def perform(self, form):
        return preference_save(
            user=self.request.user,
            by=self.request.user,
            enabled=form.cleaned_data["enabled"],
            days_ahead=form.cleaned_data["days_ahead"],
        )

    def get_success_url(self) -> str:
        return reverse("privacy:reminders")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["digest"] = digest_for(user=user, today=timezone.localdate())
        context["preference"] = preference_for(user)
        context["has_email"] = bool(user.email)
        return context
