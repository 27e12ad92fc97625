from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "opcc.privacy"
    label = "privacy"
    verbose_name = "Personal data, retention and reminders"
