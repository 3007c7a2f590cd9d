"""Search indexes over the normalised company names (see partnership/registry/search.py).

SQLite: two FTS5 tables kept in step with companies_company by triggers — one with the
trigram tokenizer over ``search_text`` (queries of three characters or more), one with the
unicode61 tokenizer over ``search_grams`` (the one- and two-character grams).
PostgreSQL: pg_trgm GIN index on ``search_text`` and a GIN index on the tsvector of
``search_grams`` (the 'simple' configuration keeps each gram as one lexeme). pg_trgm needs a
UTF-8 LC_CTYPE to see Japanese characters (system check registry.E001).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE company_search_tri USING fts5(
        search_text, content='companies_company', content_rowid='id', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE company_search_gram USING fts5(
        search_grams, content='companies_company', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER company_search_ai AFTER INSERT ON companies_company BEGIN
        INSERT INTO company_search_tri(rowid, search_text) VALUES (new.id, new.search_text);
        INSERT INTO company_search_gram(rowid, search_grams) VALUES (new.id, new.search_grams);
    END""",
    """CREATE TRIGGER company_search_ad AFTER DELETE ON companies_company BEGIN
        INSERT INTO company_search_tri(company_search_tri, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        INSERT INTO company_search_gram(company_search_gram, rowid, search_grams)
            VALUES ('delete', old.id, old.search_grams);
    END""",
    """CREATE TRIGGER company_search_au AFTER UPDATE OF search_text, search_grams
        ON companies_company BEGIN
        INSERT INTO company_search_tri(company_search_tri, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        INSERT INTO company_search_gram(company_search_gram, rowid, search_grams)
            VALUES ('delete', old.id, old.search_grams);
        INSERT INTO company_search_tri(rowid, search_text) VALUES (new.id, new.search_text);
        INSERT INTO company_search_gram(rowid, search_grams) VALUES (new.id, new.search_grams);
    END""",
    "INSERT INTO company_search_tri(company_search_tri) VALUES ('rebuild')",
    "INSERT INTO company_search_gram(company_search_gram) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS company_search_au",
    "DROP TRIGGER IF EXISTS company_search_ad",
    "DROP TRIGGER IF EXISTS company_search_ai",
    "DROP TABLE IF EXISTS company_search_gram",
    "DROP TABLE IF EXISTS company_search_tri",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS company_search_trgm
        ON companies_company USING gin (search_text gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS company_search_grams
        ON companies_company USING gin (to_tsvector('simple'::regconfig, search_grams))""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS company_search_grams",
    "DROP INDEX IF EXISTS company_search_trgm",
]


def fill_grams(apps, schema_editor):
    from partnership.core.text import short_grams

    Company = apps.get_model("companies", "Company")
    for company in Company.objects.only("id", "name", "name_kana", "name_en").iterator():
        grams = short_grams(company.name, company.name_kana, company.name_en)
        Company.objects.filter(pk=company.pk).update(search_grams=grams)


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements:
            schema_editor.execute(sql)

    return run


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(SQLITE_FORWARD)(apps, schema_editor)
    elif vendor == "postgresql":
        _run(POSTGRES_FORWARD)(apps, schema_editor)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(SQLITE_BACKWARD)(apps, schema_editor)
    elif vendor == "postgresql":
        _run(POSTGRES_BACKWARD)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_search_grams")]
    operations = [
        migrations.RunPython(fill_grams, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
