"""A decision never comes before its application (the services already refuse it; the list's
"decided up to" filter relies on it). PostgreSQL only: on SQLite a new check constraint rebuilds the
table, which would try to recreate the PostgreSQL-only indexes (the run command's demo data keeps
the rule through the services)."""

from django.db import migrations, models

from opcc.core.indexes import PostgresOnly


class Migration(migrations.Migration):
    dependencies = [("complaints", "0007_administrator_corrects_reviews")]

    operations = [
        PostgresOnly(
            migrations.AddConstraint(
                model_name="review",
                constraint=models.CheckConstraint(
                    condition=models.Q(("decided_on__isnull", True))
                    | models.Q(("decided_on__gte", models.F("received_on"))),
                    name="review_decided_after_received",
                ),
            )
        ),
    ]
