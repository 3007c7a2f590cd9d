"""Statistics the search's plans depend on (PostgreSQL; SQLite's search measures a term's
share itself, see partnership/registry/search.py).

A finer statistics target for the gram tsvector expression, so the planner
estimates one- and two-character grams well enough to pick the GIN index for rare ones
(measured at 1M declarations: 山田 1,062 ms → 42 ms, docs/performance.md run 4).
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX company_search_grams ALTER COLUMN 1 SET STATISTICS 3000")
        schema_editor.execute("ANALYZE companies_company")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX company_search_grams ALTER COLUMN 1 SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("companies", "0005_gram_vocabulary")]
    operations = [migrations.RunPython(forward, backward)]
