"""Panels, hearings and tribunals: list indexes, the rota's "qualification" skip, Administrator imports.

Every sort of the three lists ends in the pk and has an index; a force reference is found by its
start (`text_pattern_ops` on UPPER, PostgreSQL only). The tables exist already, so each index is
built CONCURRENTLY (AddIndexLive) outside a transaction. Administrators bring in the office's
panel member lists (admin import) and correct hearings and tribunals there.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

from opcc.core import roles
from opcc.core.indexes import AddIndexLive, PostgresOnly

REASONS = [
    ("unavailable", "Unavailable on the date"),
    ("conflict", "Conflict of interest"),
    ("term_ended", "Term of appointment ended"),
    ("vetting_expired", "Vetting expired"),
    ("declined", "Declined"),
    ("qualification", "Passed over: the seat needed a qualified member"),
]


def upper(field):
    return django.contrib.postgres.indexes.OpClass(
        django.db.models.functions.text.Upper(field), name="text_pattern_ops"
    )


def grant(apps, schema_editor):
    perms = ["complaints.add_panelmember", "complaints.change_hearing", "complaints.change_appeal"]
    roles.grant_permissions(apps, {roles.ADMINISTRATOR: perms})


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0005_register_admin_roles")]

    operations = [
        migrations.AlterField(
            model_name="historicalrotaskip",
            name="reason",
            field=models.CharField(choices=REASONS, max_length=16),
        ),
        migrations.AlterField(
            model_name="rotaskip",
            name="reason",
            field=models.CharField(choices=REASONS, max_length=16),
        ),
        AddIndexLive(
            model_name="appeal",
            index=models.Index(fields=["stage", "received_on"], name="appeal_stage_received"),
        ),
        PostgresOnly(
            AddIndexLive(
                model_name="appeal", index=models.Index(upper("force_reference"), name="appeal_ref_upper")
            )
        ),
        PostgresOnly(
            AddIndexLive(
                model_name="hearing", index=models.Index(upper("force_reference"), name="hearing_ref_upper")
            )
        ),
        AddIndexLive(
            model_name="panelmember", index=models.Index(fields=["name", "id"], name="member_name_id")
        ),
        AddIndexLive(
            model_name="panelmember",
            index=models.Index(fields=["vetting_expires_on", "id"], name="member_vetting_id"),
        ),
        AddIndexLive(
            model_name="panelmember",
            index=models.Index(fields=["term_ends_on", "id"], name="member_term_ends_id"),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
