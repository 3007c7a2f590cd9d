"""Load regions, prefectures and JSIC major divisions from partnership.core.reference_data."""

from django.db import migrations


def load(apps, schema_editor):
    from partnership.core.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
