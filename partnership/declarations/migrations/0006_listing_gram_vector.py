"""PostgreSQL: the one- and two-character gram vector on the listing entry itself.

Terms of one or two characters are matched with a GIN-indexed tsvector of grams, because
trigram indexes cannot serve them. The vector lived on ``companies_company`` only, so the
listing tested ``company_id IN (SELECT id FROM companies_company WHERE vector @@ …)``: every
match was fetched from the wide company table and hashed before the narrow listing could be
walked or combined with a filter (up to 0.27 s at a million companies for a two-character
term and a prefecture, docs/performance.md). Here the entry gets its own vector, generated
from its ``search_text`` by an immutable SQL function that makes the same grams as
``partnership.core.text.short_grams`` (the name, reading and English name, each normalised
and without spaces, so every gram inside one of them; the corporate number, the text's last
part, is left out). A generated column needs no code to keep it: every insert computes it.
SQLite is untouched (its gram index is FTS5, keyed by company).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION listing_short_grams(text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT to_tsvector('simple'::regconfig, coalesce(string_agg(DISTINCT gram, ' '), ''))
  FROM (SELECT regexp_replace($1, ' [0-9]{13}$', '') AS s) AS source,
       LATERAL generate_series(1, char_length(s)) AS i,
       LATERAL (VALUES (substr(s, i, 1)), (substr(s, i, 2))) AS grams(gram)
  WHERE position(' ' IN gram) = 0
$$
"""
FORWARD = [
    FUNCTION,
    "ALTER TABLE declarations_listingentry ADD COLUMN search_grams_vector tsvector "
    "GENERATED ALWAYS AS (listing_short_grams(search_text)) STORED",
    "CREATE INDEX listing_grams_idx ON declarations_listingentry USING gin (search_grams_vector)",
    "ALTER TABLE declarations_listingentry ALTER COLUMN search_grams_vector SET STATISTICS 3000",
    "ANALYZE declarations_listingentry",
]
BACKWARD = [
    "DROP INDEX IF EXISTS listing_grams_idx",
    "ALTER TABLE declarations_listingentry DROP COLUMN IF EXISTS search_grams_vector",
    "DROP FUNCTION IF EXISTS listing_short_grams(text)",
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
    dependencies = [
        ("declarations", "0005_listing_pair_index"),
        ("companies", "0007_stored_gram_vector"),
    ]
    operations = [migrations.RunPython(forward, backward)]
