"""PostgreSQL: the gram tsvector as a stored generated column with its own GIN index.

The search tests one- and two-character terms with ``@@`` on this vector. As an expression,
``to_tsvector('simple', search_grams)`` was recomputed for every row a plan walks (about
70 µs: a company has ~100 grams), so walking the listing to fill a page or a capped count cost
up to 0.3 s at a million companies (docs/performance.md). Stored, the test reads the vector.
The expression index of 0004 is replaced by an index on the column; the statistics target of
0006 moves with it. SQLite is untouched (its gram index is FTS5).
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE companies_company ADD COLUMN search_grams_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_grams)) STORED",
    "CREATE INDEX company_search_grams_vector ON companies_company USING gin (search_grams_vector)",
    "ALTER TABLE companies_company ALTER COLUMN search_grams_vector SET STATISTICS 3000",
    "DROP INDEX IF EXISTS company_search_grams",
    "ANALYZE companies_company",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS company_search_grams ON companies_company "
    "USING gin (to_tsvector('simple'::regconfig, search_grams))",
    "DROP INDEX IF EXISTS company_search_grams_vector",
    "ALTER TABLE companies_company DROP COLUMN IF EXISTS search_grams_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("companies", "0006_search_statistics")]
    operations = [migrations.RunPython(forward, backward)]
