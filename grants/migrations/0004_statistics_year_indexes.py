"""Reserved for the report pack's year indexes (issue 8); deliberately empty.

Measured at 2 million applications, the pack's grouped queries filter on `fund_year_id` and
`allocation_line_id`, which the foreign-key indexes and `app_fund_year_received` already serve
(EXPLAIN: index scans on grants_application for the reported year only). Awards and payments carry
no year of their own, so they are hash-joined; a year column on them would need a model change.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_recompute_normalised_names")]
    operations: list = []
