from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "opcc.audit"
    label = "audit"
    verbose_name = "Access audit trail"

    def ready(self) -> None:
        from opcc.audit import signals  # noqa: F401
