"""Demo users (one per role) and reference data; apps add their demo records through hooks."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from opcc.core.services import DEMO_USERS, demo_users_ensure, generate_password


class Command(BaseCommand):
    help = "Create demo users, one per role, and demo records. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo user (at least 12 characters).")

    def handle(self, *args, password=None, **options):
        if password is not None and len(password) < 12:
            raise CommandError("The demo password must be at least 12 characters long.")
        generated = False
        if password is None:
            from django.contrib.auth import get_user_model

            missing = not get_user_model().objects.filter(username=DEMO_USERS[0][0]).exists()
            if missing:
                if not settings.DEBUG:
                    raise CommandError("Give --password: a password is printed only in debug mode.")
                password, generated = generate_password(), True
        result = demo_users_ensure(password=password)
        for path in getattr(settings, "DEMO_SEEDERS", []):
            import_string(path)(stdout=self.stdout)
        self.stdout.write(
            f"Demo users: {len(result.created)} created, {len(result.existing)} already there: "
            + ", ".join(f"{u} ({', '.join(r)})" for u, _, _, r in DEMO_USERS)
        )
        if generated:
            self.stdout.write(f"Password for every demo user (shown once): {password}")
        elif not password:
            self.stdout.write("Existing demo users kept their passwords.")
