"""Issue 13: indexes so finding a person (opcc.privacy.search) reads an index in every source, not
the table: an organisation's contact by name, email, phone and postcode, its charity and company numbers by prefix, an application's title by its words. Built CONCURRENTLY on tables that may hold millions of rows (hence `atomic =
False`); the trigram, text-pattern and full-text ones on PostgreSQL only (opcc.core.indexes)."""

from django.db import migrations

from opcc.core.indexes import (
    AddIndexLive,
    PostgresOnly,
    digits_index,
    fulltext_index,
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
    dependencies = [("grants", "0007_application_area")]

    operations = [
        pg("application", fulltext_index("project_title", name="app_title_fts")),
        pg("organisation", trigram_index("contact_name", name="org_contact_trgm")),
        pg("organisation", pattern_index("contact_email", name="org_email_upper")),
        live("organisation", digits_index("contact_phone", name="org_phone_digits")),
        live("organisation", squashed_index("postcode", name="org_postcode_squashed")),
        pg("organisation", pattern_index("charity_number", name="org_charity_upper")),
        pg("organisation", pattern_index("company_number", name="org_company_upper")),
    ]
