"""Who sees the oversight registers: office staff and Reviews managers; Administrators edit in the admin."""

from django.db import migrations

from opcc.core import roles

MODELS = [
    "dipsample",
    "dipsampleaction",
    "panelmember",
    "hearing",
    "appeal",
    "appointment",
    "rotaskip",
    "longinvestigation",
]


def load(apps, schema_editor):
    view_all = [f"complaints.view_{m}" for m in MODELS]
    roles.grant_permissions(
        apps,
        {
            roles.OFFICE_STAFF: view_all,
            roles.REVIEWS_MANAGER: view_all,
            roles.ADMINISTRATOR: view_all + [f"complaints.change_{m}" for m in ("panelmember", "dipsample")],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_oversight_registers")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
