from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.core.text import clean_text, normalize_for_search


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ヤマダセイコウ", "やまだせいこう"),  # katakana / hiragana
        ("ﾔﾏﾀﾞｾｲｺｳ", "やまだせいこう"),  # half-width katakana with voiced mark
        ("ＡＢＣ　Ｃｏ．", "abc co."),  # full-width Latin and ideographic space
        ("エー・ビー－シー", "えー・びー-しー"),  # full-width hyphen-minus becomes "-", ー stays
        ("A‐B–C—D", "a-b-c-d"),  # dash variants
        ("山田 精工", "山田精工"),
    ],
)
def test_equivalent_spellings_fold_together(a: str, b: str) -> None:
    assert normalize_for_search(a) == normalize_for_search(b)


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once


@given(st.text())
def test_normalised_text_has_no_whitespace_and_no_katakana(text: str) -> None:
    result = normalize_for_search(text)
    assert not any(ch.isspace() for ch in result)
    assert not any("\u30a1" <= ch <= "\u30f6" for ch in result)


def test_clean_text_strips_controls_but_keeps_writing() -> None:
    assert clean_text("  株式会社\x00テスト\x1b \n") == "株式会社テスト"
    assert clean_text("行1\n行2") == "行1\n行2"


def test_clean_text_drops_invisible_direction_and_zero_width_characters() -> None:
    # U+202E would display "株式会社ABC" reversed after it; U+200B and U+FEFF are unseen.
    assert clean_text("株式会社\u202eCBA\u202c") == "株式会社CBA"
    assert clean_text("\ufeff山田\u200b精工\u2066\u2069") == "山田精工"
    assert clean_text("👩\u200d💻") == "👩\u200d💻"  # a joiner inside an emoji stays
