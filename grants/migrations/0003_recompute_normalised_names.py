"""Recompute Organisation.normalised_name with Unicode rules (issue 7).

The old key dropped every character outside a-z and 0-9, so any two names in Urdu (or any other
non-Latin script) shared the empty key and were flagged as duplicates. The key now keeps letters of
every script (opcc.core.text.normalise_name). Only the key column is written: no history row,
as nothing a person entered changes.
"""

from django.db import migrations

from opcc.core.text import normalise_name


def recompute(apps, schema_editor):
    Organisation = apps.get_model("grants", "Organisation")
    changed = []
    for organisation in Organisation.objects.only("pk", "name", "normalised_name").iterator(chunk_size=500):
        key = normalise_name(organisation.name)
        if key != organisation.normalised_name:
            organisation.normalised_name = key
            changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["normalised_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_reference_and_roles")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
