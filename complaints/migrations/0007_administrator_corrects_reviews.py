"""Administrators correct a review's descriptive details in the admin (a misspelt name, a contact
detail, the subjects), as they do for grants; dates, status and decisions stay with the services."""

from django.db import migrations

from opcc.core import roles


def load(apps, schema_editor):
    roles.grant_permissions(apps, {roles.ADMINISTRATOR: ["complaints.change_review"]})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_panels")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
