"""Issue 13: indexes so finding a person (opcc.privacy.search) reads an index in every source, not
the table: a review's representative by name, its complainant by email, phone and postcode; a panel member by name, email and phone. Built CONCURRENTLY on tables that may hold millions of rows (hence `atomic =
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
    dependencies = [("complaints", "0008_review_decided_after_received")]

    operations = [
        pg("panelmember", trigram_index("name", name="member_name_trgm")),
        pg("panelmember", pattern_index("email", name="member_email_upper")),
        live("panelmember", digits_index("phone", name="member_phone_digits")),
        pg("review", trigram_index("representative_name", name="review_rep_name_trgm")),
        pg("review", pattern_index("complainant_email", name="review_email_upper")),
        live("review", digits_index("complainant_phone", name="review_phone_digits")),
        live("review", squashed_index("complainant_postcode", name="review_postcode_squashed")),
    ]
