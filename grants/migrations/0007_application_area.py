"""Applications carry their allocation line's area, so the list filters by area on one index.

Through the line, "area = Birmingham East" is "line in (five lines)", which no index serves in
received order: PostgreSQL walked the newest applications backwards looking for an old area's rows
(1 s at 2 million applications for an area that ended in 2023/24). `app_area_received` serves the
filter and the sort together. The column is added without its constraint, filled (PostgreSQL: one
UPDATE ... FROM), then given its foreign key; the index is built CONCURRENTLY, hence `atomic = False`.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from opcc.core.indexes import AddIndexLive, PostgresOnly


def fill(apps, schema_editor):
    application = apps.get_model("grants", "Application")
    line = apps.get_model("grants", "AllocationLine")
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {schema_editor.quote_name(application._meta.db_table)} a "  # noqa: S608 (model tables)
                f"SET area_id = l.area_id FROM {schema_editor.quote_name(line._meta.db_table)} l "
                "WHERE l.id = a.allocation_line_id"
            )
        return
    area_of = line.objects.filter(pk=OuterRef("allocation_line_id")).values("area_id")
    application.objects.update(area_id=Subquery(area_of[:1]))


def area(*, constraint: bool):
    return models.ForeignKey(
        blank=True,
        null=True,
        db_index=False,
        db_constraint=constraint,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.policingarea",
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("core", "0004_reference_counter"),
        ("grants", "0006_award_payment_fund_year"),
    ]

    operations = [
        migrations.AddField(model_name="application", name="area", field=area(constraint=False)),
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=True, elidable=True),
        # SQLite rebuilds the whole table for this, with PostgreSQL-only indexes it cannot create;
        # its foreign key there is not needed for anything the `run` command does.
        PostgresOnly(
            migrations.AlterField(model_name="application", name="area", field=area(constraint=True))
        ),
        AddIndexLive(
            model_name="application",
            index=models.Index(fields=["area", "received_on", "id"], name="app_area_received"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.policingarea",
            ),
        ),
    ]
