"""The demo name generator: deterministic, well-formed, varied, and suited to each division.

Plain functions with no database: the generator is pure Python.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from partnership.declarations.demo.names import (
    STEM_COUNTS,
    CompanyName,
    company_name,
    person_name,
    representative_title,
)

DIVISIONS = "ABCDEFGHIJKLMNOPQRST"
# The demo builder's shares of divisions (manufacturing and construction dominate).
BUILDER_WEIGHTS = {
    "A": 1, "B": 0.3, "C": 0.3, "D": 24, "E": 30, "F": 0.8, "G": 6, "H": 5, "I": 12,
    "J": 0.8, "K": 2.5, "L": 5, "M": 1.5, "N": 1.5, "O": 0.6, "P": 2.5, "Q": 0.6, "R": 4,
    "S": 0.1, "T": 0.5,
}  # fmt: skip

KANA_RE = re.compile(r"[\u30a1-\u30faー]+")
LEGAL_FORM_READINGS = (
    "カブシキガイシャ",
    "ユウゲンガイシャ",
    "ゴウドウガイシャ",
    "ゴウシガイシャ",
    "イッパンシャダンホウジン",
    "イリョウホウジン",
    "シャカイフクシホウジン",
    "ガッコウホウジン",
    "キョウドウクミアイ",
)
ENGLISH_FORMS = {
    "株式会社": ("suffix", ("Co., Ltd.", "Corporation", "Inc.")),
    "有限会社": ("suffix", ("Limited",)),
    "合同会社": ("suffix", ("LLC",)),
    "合資会社": ("suffix", ("Limited Partnership",)),
    "一般社団法人": ("prefix", ("General Incorporated Association",)),
    "医療法人社団": ("prefix", ("Medical Corporation",)),
    "社会福祉法人": ("prefix", ("Social Welfare Corporation",)),
    "学校法人": ("prefix", ("Educational Corporation",)),
    "協同組合": ("suffix", ("Cooperative",)),
    "事業協同組合": ("suffix", ("Business Cooperative",)),
}
FAMOUS = (
    "トヨタ",
    "ソニー",
    "日立",
    "三菱",
    "住友",
    "三井",
    "パナソニック",
    "清水建設",
    "大和運輸",
)


def draw(seed: int, count: int, weights: dict[str, float] | None = None) -> list[CompanyName]:
    """``count`` names from one generator, divisions drawn with ``weights`` (the builder's)."""
    rng = random.Random(seed)
    weights = weights or BUILDER_WEIGHTS
    divisions = rng.choices(list(weights), weights=list(weights.values()), k=count)
    return [company_name(rng, division) for division in divisions]


@pytest.fixture(scope="module")
def sample() -> list[CompanyName]:
    return draw(seed=20260105, count=300_000)


def core_of(company: CompanyName) -> str:
    """The name without its legal form, which must sit at one end."""
    name, form = company.name, company.legal_form
    if name.startswith(form):
        return name[len(form) :]
    assert name.endswith(form), company
    return name[: -len(form)]


def test_the_same_seed_gives_the_same_names() -> None:
    def names(seed: int) -> list[CompanyName]:
        rng = random.Random(seed)
        return [company_name(rng, DIVISIONS[i % len(DIVISIONS)]) for i in range(500)]

    assert names(42) == names(42)
    assert names(42) != names(43)


def test_only_the_given_generator_is_used() -> None:
    random.seed(1)
    state = random.getstate()
    rng = random.Random(7)
    for division in DIVISIONS:
        company_name(rng, division)
        person_name(rng)
        representative_title(rng, "株式会社")
    assert random.getstate() == state


def test_kana_is_katakana_without_the_legal_form(sample: list[CompanyName]) -> None:
    for company in sample[:50_000]:
        assert KANA_RE.fullmatch(company.kana), company
        assert not any(form in company.kana for form in LEGAL_FORM_READINGS), company
        assert core_of(company), company


def test_english_is_ascii_and_carries_the_english_legal_form(sample: list[CompanyName]) -> None:
    for company in sample[:50_000]:
        english = company.english
        assert english.isascii() and english.isprintable(), company
        assert english == english.strip() and "  " not in english, company
        position, forms = ENGLISH_FORMS[company.legal_form]
        if position == "prefix":
            assert english.startswith(tuple(f"{form} " for form in forms)), company
        else:
            assert english.endswith(tuple(f" {form}" for form in forms)), company


def test_legal_forms_have_realistic_shares() -> None:
    sample = draw(seed=5, count=5_000)
    shares = {
        form: count / len(sample) for form, count in Counter(c.legal_form for c in sample).items()
    }
    assert 0.80 <= shares["株式会社"] <= 0.91
    assert 0.035 <= shares["有限会社"] <= 0.09
    assert 0.035 <= shares["合同会社"] <= 0.09
    assert shares.get("合資会社", 0) < 0.02
    kk = [c for c in sample if c.legal_form == "株式会社"]
    prefixed = sum(c.name.startswith("株式会社") for c in kk) / len(kk)
    assert 0.45 <= prefixed <= 0.55  # 前株 and 後株 about half each


def test_collisions_are_rare_and_the_name_space_is_large(sample: list[CompanyName]) -> None:
    first = [c.name for c in sample[:100_000]]
    collision_rate = 1 - len(set(first)) / len(first)
    assert collision_rate < 0.05
    assert len({c.name for c in sample}) >= 200_000


def test_no_well_known_company_names(sample: list[CompanyName]) -> None:
    for company in sample:
        assert not any(word in company.name for word in FAMOUS), company


@pytest.mark.parametrize("division", [d for d in DIVISIONS if d != "P"])
def test_medical_and_welfare_corporations_only_in_division_p(division: str) -> None:
    rng = random.Random(division)
    forms = {company_name(rng, division).legal_form for _ in range(3_000)}
    assert not forms & {"医療法人社団", "社会福祉法人"}
    if division != "O":
        assert "学校法人" not in forms


def test_special_corporations_appear_where_they_belong() -> None:
    rng = random.Random(3)
    medical = Counter(company_name(rng, "P").legal_form for _ in range(2_000))
    assert medical["医療法人社団"] > 0 and medical["社会福祉法人"] > 0
    schools = Counter(company_name(rng, "O").legal_form for _ in range(2_000))
    assert schools["学校法人"] > 0
    coops = Counter(company_name(rng, "Q").legal_form for _ in range(2_000))
    assert (coops["協同組合"] + coops["事業協同組合"]) / 2_000 > 0.6


@pytest.mark.parametrize(
    ("division", "words"),
    [
        ("D", ("建設", "工務店", "土木", "組", "工業", "設備", "工事", "電設", "ハウス", "ホーム")),
        ("E", ("製作所", "精工", "工業", "化学", "金属", "電機", "精機", "技研", "産業")),
        ("G", ("システム", "ソフト", "情報", "ネット", "データ", "デジタル", "通信", "テック")),
        ("H", ("運輸", "物流", "運送", "輸送", "通運", "倉庫", "急便", "ロジスティクス")),
        ("I", ("商事", "商店", "物産", "商会", "販売", "通商", "ストア", "堂", "屋")),
    ],
)
def test_business_words_suit_the_division(division: str, words: tuple[str, ...]) -> None:
    rng = random.Random(division)
    names = [company_name(rng, division).name for _ in range(2_000)]
    suited = sum(any(word in name for word in words) for name in names) / len(names)
    assert suited > 0.5


def test_unknown_division_is_refused() -> None:
    with pytest.raises(ValueError, match="JSIC"):
        company_name(random.Random(0), "Z")


def test_vocabularies_are_as_large_as_promised() -> None:
    assert STEM_COUNTS["family"] >= 60
    assert STEM_COUNTS["place_nature"] >= 40
    assert STEM_COUNTS["katakana"] >= 30


def test_person_names() -> None:
    rng = random.Random(11)
    for _ in range(2_000):
        japanese, romanised = person_name(rng)
        family, given = japanese.split("\u3000")
        assert family and given and " " not in japanese
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", romanised), romanised


@pytest.mark.parametrize(
    ("hint", "titles"),
    [
        (
            "株式会社",
            {"代表取締役社長", "代表取締役", "代表取締役会長", "代表執行役社長", "代表取締役CEO"},
        ),
        ("有限会社", {"取締役", "代表取締役"}),
        ("合同会社", {"代表社員", "職務執行者"}),
        ("一般社団法人", {"代表理事"}),
        ("医療法人社団", {"理事長"}),
        ("社会福祉法人", {"理事長"}),
        ("学校法人", {"理事長"}),
        ("事業協同組合", {"代表理事", "理事長"}),
    ],
)
def test_representative_titles_suit_the_legal_form(hint: str, titles: set[str]) -> None:
    rng = random.Random(hint)
    seen = set()
    for _ in range(500):
        japanese, english = representative_title(rng, hint)
        assert english.isascii() and english
        seen.add(japanese)
    assert seen == titles
