from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.accounts.demo import current_code
from opcc.accounts.services import totp_secret_text
from opcc.core.services import DEMO_USERS


class Command(BaseCommand):
    help = "Debug mode only: print a demo user's current sign-in code (the second step)."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=[row[0] for row in DEMO_USERS])
        parser.add_argument(
            "--key", action="store_true", help="Also print the key, to add to an authenticator app."
        )

    def handle(self, *args, username: str, key: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_code works in debug mode only: production users use their own app or passkey."
            )
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no authenticator app: run `manage.py seed_demo` first.")
        self.stdout.write(current_code(device))
        if key:
            self.stdout.write(f"Key for an authenticator app: {totp_secret_text(device)}")
