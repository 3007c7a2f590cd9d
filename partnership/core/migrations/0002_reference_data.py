"""Load regions, prefectures and JSIC major divisions from partnership.core.reference_data."""

from django.db import migrations


def load(apps, schema_editor):
    from partnership.core.reference_data import INDUSTRIES, PREFECTURES, REGIONS

    Region = apps.get_model("core", "Region")
    Prefecture = apps.get_model("core", "Prefecture")
    Industry = apps.get_model("core", "Industry")
    for position, row in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(
            code=row.code,
            defaults={"name_ja": row.name_ja, "name_en": row.name_en, "position": position},
        )
    for row in PREFECTURES:
        Prefecture.objects.update_or_create(
            code=row.code,
            defaults={"name_ja": row.name_ja, "name_en": row.name_en, "region_id": row.region},
        )
    for row in INDUSTRIES:
        Industry.objects.update_or_create(
            code=row.code, defaults={"name_ja": row.name_ja, "name_en": row.name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
