"""Administrators see the disclosure bundles' log (not their files) and the digest log in the admin."""

from django.db import migrations

from opcc.core import roles


def grant(apps, schema_editor):
    roles.grant_permissions(
        apps, {roles.ADMINISTRATOR: ["privacy.view_disclosurebundle", "privacy.view_remindersent"]}
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_schedules_and_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
