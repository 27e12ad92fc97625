# placeholder: claimed for issue 8 (report pack year indexes)
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_recompute_normalised_names")]
    operations: list = []
