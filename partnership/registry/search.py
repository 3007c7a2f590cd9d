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

Conditions apply to :class:`~partnership.declarations.models.ListingEntry`, the listing's
narrow copy of each published company. On SQLite a term that many companies contain is matched
by walking the listing in order instead (see PAGE_WALK_SHARE).

SQLite's LIKE on an FTS5 trigram table is wrong for short non-ASCII patterns (3.40), so it is
never used; MATCH is used only with three characters or more.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Func, Q, Value
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
    return Q(corporate_number__gte=digits, corporate_number__lt=digits + ":")


# A term that at least this share of companies contain is matched on SQLite by walking the
# listing in its own order and testing each row, instead of reading the term's posting list
# and sorting every match. A page of 20 costs about 20 / share rows walked against share × N
# ids read, equal near 0.5% at a million; counting to COUNT_CAP (1,000) costs COUNT_CAP / share
# rows against the same list, equal near 3.5%.
PAGE_WALK_SHARE = 0.005
COUNT_WALK_SHARE = 0.035
SHARE_CACHE_SECONDS = 600


def _sqlite_share(term: str) -> float:
    """The share of companies containing ``term``, exact below COUNT_WALK_SHARE (and reported
    as COUNT_WALK_SHARE above it). Read from the FTS5 index with a LIMIT, so a common term
    costs at most COUNT_WALK_SHARE × N row ids (an ``fts5vocab`` count would read its whole
    posting list: 0.1–0.4 s for the commonest grams at a million companies). Cached."""
    if len(term) < 3 and not _WORDLIKE.match(term):
        return 0.0  # punctuation: the gram index plus a LIKE confirmation
    key = "search-share:" + hashlib.sha256(term.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return float(cached)
    table = "company_search_tri" if len(term) >= 3 else "company_search_gram"
    share = COUNT_WALK_SHARE
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(rowid) FROM companies_company")
        total = cursor.fetchone()[0] or 0
        # One probe: reading up to COUNT_WALK_SHARE × N ids answers both thresholds.
        limit = max(1, math.ceil(COUNT_WALK_SHARE * total))
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} "  # noqa: S608 (fixed names)
            f"WHERE {table} MATCH %s LIMIT %s)",
            [_fts_phrase(term), limit],
        )
        found = cursor.fetchone()[0]
        if found < limit:
            share = found / total if total else 0.0
    cache.set(key, share, SHARE_CACHE_SECONDS)
    return share


class GramMatch(Func):
    """PostgreSQL: the listing entry's gram vector contains the phrase ``term``."""

    output_field = BooleanField()
    template = (
        '"declarations_listingentry"."search_grams_vector" @@ '
        "phraseto_tsquery('simple'::regconfig, %(expressions)s)"
    )


def _text_match(term: str, walk_share: float, shares: dict[str, float]) -> Q:
    """A condition on ListingEntry for one text term."""
    vendor = connection.vendor
    if vendor == "sqlite":
        if term not in shares:
            shares[term] = _sqlite_share(term)
        if shares[term] >= walk_share:
            return Q(search_text__contains=term)
        if len(term) >= 3:
            sql = "SELECT rowid FROM company_search_tri WHERE company_search_tri MATCH %s"
        else:
            sql = "SELECT rowid FROM company_search_gram WHERE company_search_gram MATCH %s"
        condition = Q(company_id__in=RawSQL(sql, (_fts_phrase(term),)))  # noqa: S611
    elif len(term) >= 3:
        # pg_trgm's GIN index on the entry; the planner weighs it against walking in order.
        return Q(search_text__contains=term)
    else:
        # The entry's own gram vector (declarations migration 0006), indexed by GIN.
        condition = Q(GramMatch(Value(term)))
    if len(term) < 3 and not _WORDLIKE.match(term):
        # The gram tokenizers drop punctuation: confirm on the stored text.
        condition &= Q(search_text__contains=term)
    return condition


def search_condition(
    query: str, *, walk_share: float = PAGE_WALK_SHARE, shares: dict[str, float] | None = None
) -> Q | None:
    """A filter on :class:`ListingEntry` for ``query``, or None when the query has no terms.
    ``walk_share`` is the SQLite threshold above (pass COUNT_WALK_SHARE for counting);
    ``shares`` caches the terms' shares between calls for one request."""
    terms = query_terms(query)
    if not terms:
        return None
    shares = {} if shares is None else shares
    condition = Q()
    for term in terms:
        number = _number_prefix(term)
        if number is not None and len(term.replace("-", "")) >= NUMBER_ONLY_DIGITS:
            # Four digits or more are a corporate number being typed: the range on the
            # number's index answers it alone (an OR with the name index would defeat both).
            condition &= number
            continue
        term_condition = _text_match(term, walk_share, shares)
        if number is not None:
            term_condition |= number
        condition &= term_condition
    return condition
