from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opcc.accounts"
    label = "accounts"
    verbose_name = "Staff accounts and sign-in"

    def ready(self) -> None:
        from opcc.accounts import signals  # noqa: F401
