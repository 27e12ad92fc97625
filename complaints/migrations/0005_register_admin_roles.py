"""Administrators bring in the dip sample and investigation registers kept in spreadsheets (admin import)."""

from django.db import migrations

from opcc.core import roles


def load(apps, schema_editor):
    perms = [
        f"complaints.{verb}_{model}"
        for model in ("dipsample", "dipsampleaction", "longinvestigation")
        for verb in ("add", "change")
    ]
    roles.grant_permissions(apps, {roles.ADMINISTRATOR: perms})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_oversight_roles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
