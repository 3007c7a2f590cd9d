"""Reference data: regions, prefectures (JIS X 0401) and JSIC major divisions.

Loaded into the database by a data migration (so administrators see them in the admin and
foreign keys keep the registry consistent); this module is the single source of the values.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class RegionRow(NamedTuple):
    code: str
    name_ja: str
    name_en: str


class PrefectureRow(NamedTuple):
    code: str  # JIS X 0401, two digits
    name_ja: str
    name_en: str
    region: str


class IndustryRow(NamedTuple):
    code: str  # JSIC (Rev. 14) major division letter
    name_ja: str
    name_en: str


# The usual eight-region division used in government statistics.
REGIONS: tuple[RegionRow, ...] = (
    RegionRow("hokkaido", "北海道", "Hokkaido"),
    RegionRow("tohoku", "東北", "Tohoku"),
    RegionRow("kanto", "関東", "Kanto"),
    RegionRow("chubu", "中部", "Chubu"),
    RegionRow("kinki", "近畿", "Kinki"),
    RegionRow("chugoku", "中国", "Chugoku"),
    RegionRow("shikoku", "四国", "Shikoku"),
    RegionRow("kyushu", "九州・沖縄", "Kyushu-Okinawa"),
)

PREFECTURES: tuple[PrefectureRow, ...] = (
    PrefectureRow("01", "北海道", "Hokkaido", "hokkaido"),
    PrefectureRow("02", "青森県", "Aomori", "tohoku"),
    PrefectureRow("03", "岩手県", "Iwate", "tohoku"),
    PrefectureRow("04", "宮城県", "Miyagi", "tohoku"),
    PrefectureRow("05", "秋田県", "Akita", "tohoku"),
    PrefectureRow("06", "山形県", "Yamagata", "tohoku"),
    PrefectureRow("07", "福島県", "Fukushima", "tohoku"),
    PrefectureRow("08", "茨城県", "Ibaraki", "kanto"),
    PrefectureRow("09", "栃木県", "Tochigi", "kanto"),
    PrefectureRow("10", "群馬県", "Gunma", "kanto"),
    PrefectureRow("11", "埼玉県", "Saitama", "kanto"),
    PrefectureRow("12", "千葉県", "Chiba", "kanto"),
    PrefectureRow("13", "東京都", "Tokyo", "kanto"),
    PrefectureRow("14", "神奈川県", "Kanagawa", "kanto"),
    PrefectureRow("15", "新潟県", "Niigata", "chubu"),
    PrefectureRow("16", "富山県", "Toyama", "chubu"),
    PrefectureRow("17", "石川県", "Ishikawa", "chubu"),
    PrefectureRow("18", "福井県", "Fukui", "chubu"),
    PrefectureRow("19", "山梨県", "Yamanashi", "chubu"),
    PrefectureRow("20", "長野県", "Nagano", "chubu"),
    PrefectureRow("21", "岐阜県", "Gifu", "chubu"),
    PrefectureRow("22", "静岡県", "Shizuoka", "chubu"),
    PrefectureRow("23", "愛知県", "Aichi", "chubu"),
    PrefectureRow("24", "三重県", "Mie", "kinki"),
    PrefectureRow("25", "滋賀県", "Shiga", "kinki"),
    PrefectureRow("26", "京都府", "Kyoto", "kinki"),
    PrefectureRow("27", "大阪府", "Osaka", "kinki"),
    PrefectureRow("28", "兵庫県", "Hyogo", "kinki"),
    PrefectureRow("29", "奈良県", "Nara", "kinki"),
    PrefectureRow("30", "和歌山県", "Wakayama", "kinki"),
    PrefectureRow("31", "鳥取県", "Tottori", "chugoku"),
    PrefectureRow("32", "島根県", "Shimane", "chugoku"),
    PrefectureRow("33", "岡山県", "Okayama", "chugoku"),
    PrefectureRow("34", "広島県", "Hiroshima", "chugoku"),
    PrefectureRow("35", "山口県", "Yamaguchi", "chugoku"),
    PrefectureRow("36", "徳島県", "Tokushima", "shikoku"),
    PrefectureRow("37", "香川県", "Kagawa", "shikoku"),
    PrefectureRow("38", "愛媛県", "Ehime", "shikoku"),
    PrefectureRow("39", "高知県", "Kochi", "shikoku"),
    PrefectureRow("40", "福岡県", "Fukuoka", "kyushu"),
    PrefectureRow("41", "佐賀県", "Saga", "kyushu"),
    PrefectureRow("42", "長崎県", "Nagasaki", "kyushu"),
    PrefectureRow("43", "熊本県", "Kumamoto", "kyushu"),
    PrefectureRow("44", "大分県", "Oita", "kyushu"),
    PrefectureRow("45", "宮崎県", "Miyazaki", "kyushu"),
    PrefectureRow("46", "鹿児島県", "Kagoshima", "kyushu"),
    PrefectureRow("47", "沖縄県", "Okinawa", "kyushu"),
)

# Japan Standard Industrial Classification, Rev. 14: the 20 major divisions.
INDUSTRIES: tuple[IndustryRow, ...] = (
    IndustryRow("A", "農業，林業", "Agriculture and forestry"),
    IndustryRow("B", "漁業", "Fisheries"),
    IndustryRow("C", "鉱業，採石業，砂利採取業", "Mining and quarrying of stone and gravel"),
    IndustryRow("D", "建設業", "Construction"),
    IndustryRow("E", "製造業", "Manufacturing"),
    IndustryRow("F", "電気・ガス・熱供給・水道業", "Electricity, gas, heat supply and water"),
    IndustryRow("G", "情報通信業", "Information and communications"),
    IndustryRow("H", "運輸業，郵便業", "Transport and postal activities"),
    IndustryRow("I", "卸売業，小売業", "Wholesale and retail trade"),
    IndustryRow("J", "金融業，保険業", "Finance and insurance"),
    IndustryRow("K", "不動産業，物品賃貸業", "Real estate and goods rental and leasing"),
    IndustryRow(
        "L",
        "学術研究，専門・技術サービス業",
        "Scientific research, professional and technical services",
    ),
    IndustryRow("M", "宿泊業，飲食サービス業", "Accommodations, eating and drinking services"),
    IndustryRow(
        "N",
        "生活関連サービス業，娯楽業",
        "Living-related and personal services and amusement services",
    ),
    IndustryRow("O", "教育，学習支援業", "Education, learning support"),
    IndustryRow("P", "医療，福祉", "Medical, health care and welfare"),
    IndustryRow("Q", "複合サービス事業", "Compound services"),
    IndustryRow("R", "サービス業（他に分類されないもの）", "Services, not elsewhere classified"),
    IndustryRow("S", "公務（他に分類されるものを除く）", "Government, except elsewhere classified"),
    IndustryRow("T", "分類不能の産業", "Industries unable to classify"),
)


def load_reference_data(apps: Any = None) -> None:
    """Create or update the regions, prefectures and industries above (idempotent). The data
    migration calls it with the historical app registry; tests that flush the database call it
    with none."""
    if apps is None:
        from django.apps import apps as current_apps

        apps = current_apps
    region_model = apps.get_model("core", "Region")
    prefecture_model = apps.get_model("core", "Prefecture")
    industry_model = apps.get_model("core", "Industry")
    for position, region in enumerate(REGIONS, start=1):
        region_model.objects.update_or_create(
            code=region.code,
            defaults={"name_ja": region.name_ja, "name_en": region.name_en, "position": position},
        )
    for prefecture in PREFECTURES:
        prefecture_model.objects.update_or_create(
            code=prefecture.code,
            defaults={
                "name_ja": prefecture.name_ja,
                "name_en": prefecture.name_en,
                "region_id": prefecture.region,
            },
        )
    for industry in INDUSTRIES:
        industry_model.objects.update_or_create(
            code=industry.code, defaults={"name_ja": industry.name_ja, "name_en": industry.name_en}
        )
