from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaint reviews"

    def ready(self) -> None:
        from complaints.letters import register

        register()
