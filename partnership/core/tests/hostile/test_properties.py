"""Properties of the two pieces of input handling everything else relies on: search
normalisation (partnership/core/text.py) and the corporate number (companies/corporate_number.py).

test_text.py and test_corporate_number.py hold the examples and the basic properties
(idempotence, no whitespace or katakana after normalising, a completed body is valid); these
add what hostile input needs: any Unicode at all, equivalences a person relies on, and exactly
which typing errors the check digit catches.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partnership.companies.corporate_number import (
    CorporateNumberError,
    is_valid_corporate_number,
    normalize_corporate_number,
    validate_corporate_number,
    with_check_digit,
)
from partnership.core.text import clean_text, normalize_for_search, short_grams

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any code point at all: surrogates, controls, private use and unassigned ones included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))  # ぁ … ゖ
ASCII_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1)


def _half_and_full_width_katakana() -> list[tuple[str, str]]:
    """(half-width, full-width) pairs, by Unicode name: ｱ and ア, ｶ and カ, …"""
    pairs = []
    for code in range(0xFF66, 0xFF9E):
        half = chr(code)
        name = unicodedata.name(half, "")
        if name.startswith("HALFWIDTH KATAKANA LETTER "):
            try:
                full = unicodedata.lookup(name.removeprefix("HALFWIDTH "))
            except KeyError:
                continue
            pairs.append((half, full))
    return pairs


KATAKANA_PAIRS = _half_and_full_width_katakana()


def _fullwidth(text: str) -> str:
    """ASCII as typed with a Japanese input method: full-width forms, ideographic spaces."""
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text
    )


# --- search normalisation ------------------------------------------------------------------


@PROPERTIES
@given(ANY_TEXT)
@example("\x00")
@example("a\x00b\x1b[31m\x7f\x85\x9f")
@example("\ud800")
def test_normalisation_accepts_any_text_and_leaves_no_control_characters(text: str) -> None:
    result = normalize_for_search(text)
    assert isinstance(result, str)
    assert not any(unicodedata.category(ch) == "Cc" for ch in result)
    assert normalize_for_search(result) == result  # still a fixed point with anything in it


@PROPERTIES
@given(st.text(st.sampled_from(HIRAGANA), min_size=1))
def test_hiragana_and_katakana_spellings_are_the_same_search(hiragana: str) -> None:
    katakana = "".join(chr(ord(ch) + 0x60) for ch in hiragana)
    assert normalize_for_search(katakana) == normalize_for_search(hiragana)


@PROPERTIES
@given(st.lists(st.sampled_from(KATAKANA_PAIRS), min_size=1, max_size=12))
def test_half_width_katakana_is_the_same_search_as_full_width(
    pairs: list[tuple[str, str]],
) -> None:
    half = "".join(h for h, _f in pairs)
    full = "".join(f for _h, f in pairs)
    assert normalize_for_search(half) == normalize_for_search(full)


@PROPERTIES
@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1))
def test_full_width_ascii_is_the_same_search_as_half_width(text: str) -> None:
    assert normalize_for_search(_fullwidth(text)) == normalize_for_search(text)


@PROPERTIES
@given(st.lists(ASCII_WORD, min_size=1, max_size=5), st.sampled_from(" \u3000\t\n"))
def test_case_and_spaces_do_not_change_a_search(words: list[str], space: str) -> None:
    joined = "".join(words)
    assert normalize_for_search(space.join(w.upper() for w in words)) == normalize_for_search(
        joined
    )


@PROPERTIES
@given(st.lists(ASCII_WORD, min_size=2, max_size=4), st.sampled_from("-‐‑‒–—―−－ｰ"))
def test_every_dash_is_the_same_dash(words: list[str], dash: str) -> None:
    # "ｰ" is the half-width prolonged sound mark: it becomes "ー", which stays a letter.
    expected = "-" if dash != "ｰ" else "ー"
    assert normalize_for_search(dash.join(words)) == expected.join(words)


@PROPERTIES
@given(ANY_TEXT)
def test_short_grams_hold_every_one_and_two_character_piece(text: str) -> None:
    grams = set(short_grams(text).split(" ")) - {""}
    folded = normalize_for_search(text)
    pieces = set(folded) | {folded[i : i + 2] for i in range(len(folded) - 1)}
    # A gram holding whitespace cannot survive the space-separated storage; none exists.
    assert {p for p in pieces if not any(ch.isspace() for ch in p)} <= grams


@PROPERTIES
@given(ANY_TEXT)
def test_clean_text_keeps_writing_and_removes_only_controls(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", cleaned)
    assert cleaned == cleaned.strip()
    # Nothing but controls and surrounding whitespace is taken away.
    kept = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", unicodedata.normalize("NFC", text))
    assert cleaned == kept.strip()


# --- the corporate number ------------------------------------------------------------------

BODY = st.text(st.sampled_from("0123456789"), min_size=12, max_size=12)
# Weights of the 12 body digits, left to right (1 on the rightmost): 2, 1, 2, 1, … The check
# digit is 9 − (weighted sum mod 9). A change of the sum by a multiple of 9 goes unnoticed.
WEIGHTS = [2, 1] * 6


def _rejected(number: str) -> str:
    with pytest.raises(CorporateNumberError) as caught:
        validate_corporate_number(number)
    assert caught.value.messages and all(caught.value.messages)  # a reason, in words
    return str(caught.value.code)


@PROPERTIES
@given(BODY, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=9))
def test_a_single_wrong_body_digit_is_caught_unless_it_is_0_for_9(
    body: str, position: int, digit: int
) -> None:
    number = with_check_digit(body)
    original = int(number[position])
    typo = number[:position] + str(digit) + number[position + 1 :]
    if digit == original:
        assert is_valid_corporate_number(typo)
    elif {digit, original} == {0, 9}:
        # Weight × 9 is 0 modulo 9: the scheme cannot see 0 typed for 9 (or 9 for 0).
        assert is_valid_corporate_number(typo)
    else:
        assert _rejected(typo) == "checksum"


@PROPERTIES
@given(BODY, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_caught(body: str, digit: int) -> None:
    number = with_check_digit(body)
    other = str(digit) + number[1:]
    assert is_valid_corporate_number(other) == (other == number)
    assert number[0] != "0"  # 9 − (sum mod 9) is 1 … 9: a leading 0 is always wrong
    assert _rejected("0" + number[1:]) == "checksum"


@PROPERTIES
@given(BODY, st.integers(min_value=1, max_value=11))
def test_swapping_two_neighbouring_body_digits_is_caught_unless_they_differ_by_9(
    body: str, position: int
) -> None:
    number = with_check_digit(body)
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2 :]
    # Neighbours weigh 2 and 1: the sum changes by the difference of the two digits.
    if a == b or {a, b} == {"0", "9"}:
        assert is_valid_corporate_number(swapped)
    else:
        assert _rejected(swapped) == "checksum"


@PROPERTIES
@given(BODY, st.sampled_from(["-", " ", "\u3000", "－", "‐", "ー"]))
def test_full_width_digits_and_separators_are_the_same_number(body: str, separator: str) -> None:
    number = with_check_digit(body)
    fullwidth = _fullwidth(number)
    grouped = separator.join([fullwidth[0], fullwidth[1:5], fullwidth[5:9], fullwidth[9:]])
    assert validate_corporate_number(fullwidth) == number
    assert validate_corporate_number(grouped) == number
    assert validate_corporate_number(f" {number}\u3000") == number


@PROPERTIES
@given(
    st.text(st.sampled_from("0123456789"), min_size=1, max_size=30).filter(lambda s: len(s) != 13)
)
def test_a_wrong_number_of_digits_says_how_many_there_are(digits: str) -> None:
    assert _rejected(digits) == "length"
    with translation.override("en"), pytest.raises(CorporateNumberError) as caught:
        validate_corporate_number(digits)
    assert str(len(digits)) in caught.value.messages[0]
    with translation.override("ja"), pytest.raises(CorporateNumberError) as caught:
        validate_corporate_number(digits)
    assert "桁" in caught.value.messages[0]


@PROPERTIES
@given(BODY, st.text(st.characters(categories=["L", "P", "S"]), min_size=1, max_size=3))
def test_anything_but_digits_is_refused_as_not_digits(body: str, noise: str) -> None:
    typed = with_check_digit(body) + noise
    normalised = normalize_corporate_number(typed)
    if normalised.isascii() and normalised.isdigit():
        return  # the noise was a separator, or NFKC made it a digit ("①" is 1)
    assert _rejected(typed) == "digits"


@PROPERTIES
@given(ANY_TEXT)
def test_the_validator_answers_any_text_with_a_number_or_a_reason(text: str) -> None:
    if not is_valid_corporate_number(text):
        code = _rejected(text)
        assert code in {"empty", "digits", "length", "checksum"}
        return
    number = validate_corporate_number(text)
    assert len(number) == 13 and number.isascii() and number.isdigit()
    assert with_check_digit(number[1:]) == number


@PROPERTIES
@given(st.text(st.characters(categories=["Nd"]), min_size=12, max_size=12))
def test_with_check_digit_gives_only_numbers_the_validator_accepts(body: str) -> None:
    """Any script's digits: either refused, or a number the validator takes as it is."""
    try:
        number = with_check_digit(body)
    except ValueError:
        assert not (body.isascii() and body.isdigit())
        return
    assert validate_corporate_number(number) == number
