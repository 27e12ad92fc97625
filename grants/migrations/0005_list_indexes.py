# placeholder: claimed for issue 8 (list, search and sort indexes)
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_statistics_year_indexes")]
    operations: list = []
