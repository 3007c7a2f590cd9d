from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.companies.corporate_number import (
    CorporateNumberError,
    format_corporate_number,
    is_valid_corporate_number,
    validate_corporate_number,
    with_check_digit,
)

VALID = "5835678256246"


@pytest.mark.parametrize(
    "typed",
    [
        VALID,
        "5-8356-7825-6246",
        "5 8356 7825 6246",
        "５８３５６７８２５６２４６",  # full-width digits
        "５－８３５６－７８２５－６２４６",  # full-width digits and hyphens
        "5‐8356‐7825‐6246",  # U+2010 hyphen
        "　5835678256246 ",  # ideographic space around
    ],
)
def test_accepts_and_normalises_what_people_type(typed: str) -> None:
    assert validate_corporate_number(typed) == VALID


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("583567825624", "length"),  # 12 digits
        ("58356782562461", "length"),  # 14 digits
        ("583567825624A", "digits"),
        ("五八三五六七八二五六二四六", "digits"),  # kanji numerals are not digits here
        ("2835678256246", "checksum"),
    ],
)
def test_distinct_errors(typed: str, code: str) -> None:
    with pytest.raises(CorporateNumberError) as excinfo:
        validate_corporate_number(typed)
    assert excinfo.value.code == code


def test_messages_differ_and_are_translated() -> None:
    from django.utils import translation

    messages = set()
    for typed in ("583567825624", "583567825624A", "2835678256246"):
        with translation.override("en"), pytest.raises(CorporateNumberError) as excinfo:
            validate_corporate_number(typed)
        messages.add(excinfo.value.messages[0])
    assert len(messages) == 3
    with translation.override("ja"), pytest.raises(CorporateNumberError) as excinfo:
        validate_corporate_number("583567825624")
    assert "13" in excinfo.value.messages[0] and "桁" in excinfo.value.messages[0]


def test_format() -> None:
    assert format_corporate_number(VALID) == "5-8356-7825-6246"


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_completed_body_is_valid_and_one_wrong_digit_is_caught(body: str) -> None:
    number = with_check_digit(body)
    assert validate_corporate_number(number) == number
    wrong = str((int(number[0]) % 9) + 1)
    assert is_valid_corporate_number(wrong + body) is False


@given(st.text(max_size=30))
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        result = validate_corporate_number(text)
    except CorporateNumberError:
        return
    assert len(result) == 13 and result.isascii() and result.isdigit()
