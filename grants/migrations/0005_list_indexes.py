"""Issue 8: indexes for every filter, sort and search of the applications and organisations lists.

Each sort ends in the pk so a deep page is an index range, not a sort of every row. The reference
prefix and trigram indexes (on UPPER(column), the expression `istartswith`/`icontains` compare)
exist on PostgreSQL only; on SQLite only the migration state records them. On PostgreSQL every
index is built CONCURRENTLY (AddIndexLive), so a deploy does not block writes to a table of
millions of rows while it builds: the migration runs outside a transaction.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from opcc.core.indexes import AddIndexLive, PostgresOnly


def upper(field, opclass):
    return django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper(field), name=opclass)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("grants", "0004_statistics_year_indexes")]

    operations = [
        TrigramExtension(),  # does nothing outside PostgreSQL
        migrations.AlterModelOptions(
            name="organisation",
            options={"ordering": ["name", "pk"]},
        ),
        AddIndexLive(
            model_name="application", index=models.Index(fields=["received_on", "id"], name="app_received_id")
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["status", "received_on", "id"], name="app_status_received"),
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["fund_year", "received_on", "id"], name="app_fund_year_received"),
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["allocation_line", "received_on", "id"], name="app_line_received"),
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["organisation", "received_on", "id"], name="app_org_received"),
        ),
        AddIndexLive(
            model_name="application", index=models.Index(fields=["status", "id"], name="app_status_id")
        ),
        AddIndexLive(
            model_name="application", index=models.Index(fields=["project_title", "id"], name="app_title_id")
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["amount_requested", "id"], name="app_amount_id"),
        ),
        PostgresOnly(
            AddIndexLive(
                model_name="application",
                index=models.Index(upper("reference", "text_pattern_ops"), name="app_reference_upper"),
            )
        ),
        PostgresOnly(
            AddIndexLive(
                model_name="application",
                index=django.contrib.postgres.indexes.GinIndex(
                    upper("project_title", "gin_trgm_ops"), name="app_title_trgm"
                ),
            )
        ),
        AddIndexLive(
            model_name="organisation", index=models.Index(fields=["name", "id"], name="org_name_id")
        ),
        AddIndexLive(
            model_name="organisation",
            index=models.Index(fields=["org_type", "name", "id"], name="org_type_name"),
        ),
        AddIndexLive(
            model_name="organisation",
            index=models.Index(fields=["charity_number", "id"], name="org_charity_id"),
        ),
        AddIndexLive(
            model_name="organisation",
            index=models.Index(fields=["company_number", "id"], name="org_company_id"),
        ),
        AddIndexLive(
            model_name="organisation", index=models.Index(fields=["postcode", "id"], name="org_postcode_id")
        ),
        PostgresOnly(
            AddIndexLive(
                model_name="organisation",
                index=django.contrib.postgres.indexes.GinIndex(
                    upper("name", "gin_trgm_ops"), name="org_name_trgm"
                ),
            )
        ),
    ]
