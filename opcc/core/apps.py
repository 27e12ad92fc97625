from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opcc.core"
    label = "core"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from opcc.core import aggregates

        aggregates.connect()
