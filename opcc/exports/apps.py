from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "opcc.exports"
    label = "exports"
    verbose_name = "List exports"
