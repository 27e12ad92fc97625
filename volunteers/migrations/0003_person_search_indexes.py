"""Issue 13: indexes so finding a person (opcc.privacy.search) reads an index in every source, not
the table: a volunteer by first name, email, phone and postcode; call-outs and visit reports by reference, a call-out by custody number. Built CONCURRENTLY on tables that may hold millions of rows (hence `atomic =
False`); the trigram, text-pattern and full-text ones on PostgreSQL only (opcc.core.indexes)."""

from django.db import migrations

from opcc.core.indexes import (
    AddIndexLive,
    PostgresOnly,
    digits_index,
    pattern_index,
    squashed_index,
    trigram_index,
)


def pg(model: str, index):
    return PostgresOnly(AddIndexLive(model_name=model, index=index))


def live(model: str, index):
    return AddIndexLive(model_name=model, index=index)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("volunteers", "0002_reference_and_roles")]

    operations = [
        pg("callout", pattern_index("reference", name="callout_reference_upper")),
        pg("callout", pattern_index("custody_number", name="callout_custody_upper")),
        pg("custodyvisit", pattern_index("reference", name="visit_reference_upper")),
        pg("volunteer", trigram_index("first_name", name="vol_first_name_trgm")),
        pg("volunteer", pattern_index("email", name="vol_email_upper")),
        live("volunteer", digits_index("phone", name="vol_phone_digits")),
        live("volunteer", squashed_index("postcode", name="vol_postcode_squashed")),
    ]
