"""Issue 13: indexes so finding a person (opcc.privacy.search) reads an index in every source, not
the table: a case by on-behalf-of name, a postcode in the address, email, phone, reference and subject words; nominees, nominators and Youth Commissioners by name. Built CONCURRENTLY on tables that may hold millions of rows (hence `atomic =
False`); the trigram, text-pattern and full-text ones on PostgreSQL only (opcc.core.indexes)."""

from django.db import migrations

from opcc.core.indexes import (
    AddIndexLive,
    PostgresOnly,
    digits_index,
    fulltext_index,
    pattern_index,
    trigram_index,
)


def pg(model: str, index):
    return PostgresOnly(AddIndexLive(model_name=model, index=index))


def live(model: str, index):
    return AddIndexLive(model_name=model, index=index)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("engagement", "0003_case_list_indexes")]

    operations = [
        pg("case", trigram_index("on_behalf_of", name="case_behalf_trgm")),
        pg("case", trigram_index("correspondent_address", name="case_address_trgm")),
        pg("case", pattern_index("correspondent_email", name="case_email_upper")),
        live("case", digits_index("correspondent_phone", name="case_phone_digits")),
        pg("case", pattern_index("reference", name="case_reference_upper")),
        pg("case", fulltext_index("subject", name="case_subject_fts")),
        pg("nomination", trigram_index("nominee_name", name="nomination_nominee_trgm")),
        pg("nomination", trigram_index("nominator_name", name="nomination_nominator_trgm")),
        pg("nomination", pattern_index("nominator_contact", name="nomination_contact_upper")),
        live("nomination", digits_index("nominator_contact", name="nomination_contact_digits")),
        pg("youthcommissioner", trigram_index("name", name="youth_name_trgm")),
    ]
