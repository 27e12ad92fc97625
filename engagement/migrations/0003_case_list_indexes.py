"""The case list at national scale (1.5 million cases): an index for the "Due" sort, and trigram
indexes for the search by subject, correspondent or organisation (without them a surname search
read every case: 0.9 s of SQL). Built CONCURRENTLY on a table that may hold rows, hence
`atomic = False`; the trigram ones on PostgreSQL only (opcc.core.indexes)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

from opcc.core.indexes import AddIndexLive, PostgresOnly


def trigram(field: str, name: str):
    return PostgresOnly(
        AddIndexLive(
            model_name="case",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(field), name="gin_trgm_ops"
                ),
                name=name,
            ),
        )
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("engagement", "0002_vocabularies_and_roles")]

    operations = [
        AddIndexLive(model_name="case", index=models.Index(fields=["due_on", "id"], name="case_due_idx")),
        # Open cases soonest due first: without it the plain index walked ten years of closed cases.
        AddIndexLive(
            model_name="case",
            index=models.Index(
                fields=["due_on", "id"],
                condition=models.Q(
                    (
                        "status__in",
                        ["received", "assigned", "in_progress", "awaiting_information", "reopened"],
                    )
                ),
                name="case_open_due_idx",
            ),
        ),
        trigram("subject", "case_subject_trgm"),
        trigram("correspondent_name", "case_name_trgm"),
        trigram("correspondent_organisation", "case_organisation_trgm"),
    ]
