"""Company search: one box for name, kana reading, English name and corporate number.

The query is normalised like the stored text (partnership.core.text: NFKC, case, hiragana/
katakana, widths, spaces, dashes), split on whitespace into terms that must all match. Each
term is a substring match from one character up:

- a term of digits (and hyphens) matches corporate numbers starting with it, through the
  ordinary index on ``corporate_number`` (a range, so no LIKE is needed); with four digits or
  more it is taken as a number only, shorter ones also match names;
- three characters or more: SQLite FTS5 with the trigram tokenizer, PostgreSQL pg_trgm's GIN
  index (``LIKE '%term%'``);
- one or two characters: the gram index over ``search_grams`` (FTS5 unicode61 on SQLite, a GIN
  tsvector on PostgreSQL), because trigram indexes cannot serve them. Grams that the
  tokenizers would split (punctuation) are confirmed against ``search_text``.

SQLite's LIKE on an FTS5 trigram table is wrong for short non-ASCII patterns (3.40), so it is
never used; MATCH is used only with three characters or more.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from partnership.core.text import normalize_for_search

MAX_TERMS = 8
NUMBER_ONLY_DIGITS = 4
MAX_TERM_LENGTH = 100
_WORDLIKE = re.compile(r"^\w+$")
_NUMBER_TERM = re.compile(r"^[0-9-]+$")


def query_terms(query: str) -> list[str]:
    """The normalised terms of a query (at most MAX_TERMS, each at most MAX_TERM_LENGTH)."""
    words = unicodedata.normalize("NFKC", query or "").split()
    terms = [normalize_for_search(word)[:MAX_TERM_LENGTH] for word in words]
    unique: list[str] = []
    for term in terms:
        if term and term not in unique:
            unique.append(term)
    return unique[:MAX_TERMS]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _number_prefix(term: str) -> Q | None:
    digits = term.replace("-", "")
    if not _NUMBER_TERM.match(term) or not digits or len(digits) > 13:
        return None
    # Every 13-digit number starting with ``digits`` sorts between these two strings.
    return Q(company__corporate_number__gte=digits, company__corporate_number__lt=digits + ":")


COMMON_SHARE = 0.05


def _common_on_sqlite(term: str) -> bool:
    """True when more than COMMON_SHARE of the companies contain the gram ``term``."""
    if not _WORDLIKE.match(term):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT doc FROM company_search_gram_vocab WHERE term = %s", [term])
        row = cursor.fetchone()
        if row is None:
            return False
        cursor.execute("SELECT max(rowid) FROM companies_company")
        total = cursor.fetchone()[0] or 0
    return bool(total) and row[0] > COMMON_SHARE * total


def _text_match(term: str) -> Q:
    vendor = connection.vendor
    if len(term) >= 3:
        if vendor == "sqlite":
            ids = RawSQL(
                "SELECT rowid FROM company_search_tri WHERE company_search_tri MATCH %s",
                (_fts_phrase(term),),
            )
            return Q(company_id__in=ids)
        return Q(company__search_text__contains=term)
    if vendor == "sqlite":
        if _common_on_sqlite(term):
            # Most companies contain it: walking the listing in its own order and stopping
            # after a page beats reading the gram's huge posting list.
            return Q(company__search_text__contains=term)
        ids = RawSQL(
            "SELECT rowid FROM company_search_gram WHERE company_search_gram MATCH %s",
            (_fts_phrase(term),),
        )
    else:
        ids = RawSQL(
            "SELECT id FROM companies_company WHERE "
            "to_tsvector('simple'::regconfig, search_grams) "
            "@@ phraseto_tsquery('simple'::regconfig, %s)",
            (term,),
        )
    condition = Q(company_id__in=ids)
    if not _WORDLIKE.match(term):
        # The tokenizers drop punctuation: confirm on the stored text.
        condition &= Q(company__search_text__contains=term)
    return condition


def search_condition(query: str) -> Q | None:
    """A filter on declarations (through ``company``) for ``query``, or None when the query
    has no terms."""
    terms = query_terms(query)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        number = _number_prefix(term)
        if number is not None and len(term.replace("-", "")) >= NUMBER_ONLY_DIGITS:
            # Four digits or more are a corporate number being typed: the range on the
            # number's index answers it alone (an OR with the name index would defeat both).
            condition &= number
            continue
        term_condition = _text_match(term)
        if number is not None:
            term_condition |= number
        condition &= term_condition
    return condition
