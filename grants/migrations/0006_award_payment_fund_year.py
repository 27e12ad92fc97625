"""Awards and payments carry their application's fund year, so the report pack reads one year by index.

`grants.statistics` filters awards and payments on `fund_year_id`; without the column they could only
be hash-joined from the year's applications, reading every year's awards (measured at 2 million
applications: a sequential scan of all 800,000 awards for each table the pack shows). The column is
added without its constraint or index, filled (on PostgreSQL one UPDATE ... FROM per table, in one
transaction), then made required with its foreign key (so the update leaves no pending constraint
checks behind); the indexes are built CONCURRENTLY (AddIndexLive), hence `atomic = False`.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from opcc.core.indexes import AddIndexLive


def fill(apps, schema_editor):
    application = apps.get_model("grants", "Application")
    award = apps.get_model("grants", "Award")
    payment = apps.get_model("grants", "Payment")
    if schema_editor.connection.vendor == "postgresql":
        tables = {m: schema_editor.quote_name(m._meta.db_table) for m in (application, award, payment)}
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {tables[award]} w SET fund_year_id = a.fund_year_id "  # noqa: S608 (model tables)
                f"FROM {tables[application]} a WHERE a.id = w.application_id"
            )
            cursor.execute(
                f"UPDATE {tables[payment]} p SET fund_year_id = w.fund_year_id "  # noqa: S608 (model tables)
                f"FROM {tables[award]} w WHERE w.id = p.award_id"
            )
        return
    year_of = application.objects.filter(pk=OuterRef("application_id")).values("fund_year_id")
    award.objects.update(fund_year_id=Subquery(year_of[:1]))
    year_of_award = award.objects.filter(pk=OuterRef("award_id")).values("fund_year_id")
    payment.objects.update(fund_year_id=Subquery(year_of_award[:1]))


def loose():
    """The column as first added: nullable, no constraint, no index (filled before they exist)."""
    return models.ForeignKey(
        blank=True,
        null=True,
        db_index=False,
        db_constraint=False,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="grants.fundyear",
    )


def required():
    return models.ForeignKey(
        blank=True,
        db_index=False,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="grants.fundyear",
    )


def historical():
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to="grants.fundyear",
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("grants", "0005_list_indexes")]

    operations = [
        migrations.AddField(model_name="award", name="fund_year", field=loose()),
        migrations.AddField(model_name="payment", name="fund_year", field=loose()),
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=True, elidable=True),
        migrations.AlterField(model_name="award", name="fund_year", field=required()),
        migrations.AlterField(model_name="payment", name="fund_year", field=required()),
        AddIndexLive(model_name="award", index=models.Index(fields=["fund_year"], name="award_fund_year")),
        AddIndexLive(
            model_name="payment", index=models.Index(fields=["fund_year"], name="payment_fund_year")
        ),
        migrations.AddField(model_name="historicalaward", name="fund_year", field=historical()),
        migrations.AddField(model_name="historicalpayment", name="fund_year", field=historical()),
    ]
