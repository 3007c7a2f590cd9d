"""Japanese text normalisation, applied once when text is written (never per query row).

Search must not care whether someone typed hiragana or katakana, full- or half-width
characters, upper or lower case, or which of the many dash characters. We fold everything to
one canonical form: NFKC, case-folded, katakana turned into hiragana, every kind of whitespace
and every control character removed and dash variants unified to "-".
"""

from __future__ import annotations

import re
import unicodedata

# Hyphens, dashes and minus signs people use interchangeably in company names and numbers.
# The prolonged sound mark "ー" (U+30FC) is part of words ("コーポレーション") and is kept.
_DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u30a0"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
_SPACE_RE = re.compile(r"\s+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that change how a name is displayed or compared without being seen:
# bidirectional embeddings, overrides and isolates (a name could be made to read backwards,
# as in "Trojan Source"), zero-width space, word joiner and a stray byte-order mark.
# Zero-width joiners (U+200C/D) stay: some scripts and emoji need them.
_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# Every control character (Unicode category Cc: C0, DEL and C1). A NUL in a search term ends
# the string in SQLite's FTS5 query parser, and no stored text holds one.
_ALL_CONTROLS_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Katakana U+30A1..U+30F6 map to hiragana by subtracting 0x60.
_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def katakana_to_hiragana(text: str) -> str:
    return text.translate(_KATA_TO_HIRA)


def normalize_for_search(text: str) -> str:
    """Return the canonical search form of ``text`` (see module docstring)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = katakana_to_hiragana(folded)
    folded = _DASH_RE.sub("-", folded)
    folded = _ALL_CONTROLS_RE.sub("", _INVISIBLE_RE.sub("", _SPACE_RE.sub("", folded)))
    # Removing a space can join a base letter to a combining mark ("A ̈"), and case folding can
    # un-normalise; one more pass makes the result a fixed point.
    return unicodedata.normalize("NFKC", folded).casefold()


def clean_text(text: str) -> str:
    """Tidy text typed by a person before it is stored: NFC, no control characters, no
    invisible direction or zero-width characters, no surrounding whitespace. Unlike search
    normalisation this keeps the text as written."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_RE.sub("", text)
    text = _INVISIBLE_RE.sub("", text)
    return text.strip()


def short_grams(*texts: str) -> str:
    """The distinct one- and two-character grams of the normalised ``texts``, space-separated
    and sorted (stable output). Indexed for queries of one or two characters, which trigram
    indexes cannot serve."""
    grams: set[str] = set()
    for text in texts:
        folded = normalize_for_search(text)
        grams.update(folded)
        grams.update(folded[i : i + 2] for i in range(len(folded) - 1))
    return " ".join(sorted(grams))
