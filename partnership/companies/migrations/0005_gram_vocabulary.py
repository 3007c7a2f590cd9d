"""How many companies contain each one- or two-character gram (SQLite): lets the search choose
between the gram index (rare grams) and an ordered scan that stops after a page (common ones).
PostgreSQL's planner makes that choice itself from its statistics."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE company_search_gram_vocab "
            "USING fts5vocab(company_search_gram, 'row')"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS company_search_gram_vocab")


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_search_indexes")]
    operations = [migrations.RunPython(forward, backward)]
