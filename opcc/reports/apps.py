from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "opcc.reports"
    label = "reports"
    verbose_name = "Annual report statistics"
