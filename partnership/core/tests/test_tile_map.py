"""The tile map of Japan: 47 tiles in the familiar arrangement, valid XML, escaped text,
a legend, and colours that follow the values."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from partnership.core import charts
from partnership.core.reference_data import PREFECTURES

NS = {"svg": charts.SVG_NS}
HOSTILE = "<script>alert('x')</script> & \"quotes\" ]]> \x01"
VALUES = {p.code: index * 10 for index, p in enumerate(PREFECTURES)}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def tiles(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{charts.SVG_NS}}}g") if g.get("class") == "tile"]


def test_grid_places_every_prefecture_once() -> None:
    assert set(charts.JAPAN_TILE_GRID) == {p.code for p in PREFECTURES}
    assert len(set(charts.JAPAN_TILE_GRID.values())) == 47
    columns = [col for col, _row in charts.JAPAN_TILE_GRID.values()]
    rows = [row for _col, row in charts.JAPAN_TILE_GRID.values()]
    # Hokkaido top right, Okinawa bottom left, Tokyo east of Osaka.
    assert charts.JAPAN_TILE_GRID["01"] == (max(columns), 0)
    assert charts.JAPAN_TILE_GRID["47"] == (0, max(rows))
    assert charts.JAPAN_TILE_GRID["13"][0] > charts.JAPAN_TILE_GRID["27"][0]


def test_tile_map_has_47_tiles_with_name_value_and_title() -> None:
    svg = charts.tile_map(VALUES, title="都道府県別", legend_title="件数")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    title = root.find("svg:title", NS)
    assert title is not None and title.text == "都道府県別"
    found = tiles(root)
    assert len(found) == 47
    by_code = {g.get("data-code"): g for g in found}
    tokyo = by_code["13"]
    hover = tokyo.find("svg:title", NS)
    assert hover is not None and hover.text == "東京: 120"
    assert [t.text for t in tokyo.findall("svg:text", NS)] == ["東京", "120"]
    assert len(tokyo.findall("svg:rect", NS)) == 1
    assert "<script" not in svg and "style=" not in svg


def test_short_names_drop_only_the_suffix() -> None:
    names = charts.short_prefecture_names()
    assert names["01"] == "北海道"
    assert names["13"] == "東京"
    assert names["26"] == "京都"
    assert names["27"] == "大阪"
    assert names["14"] == "神奈川"


def test_text_is_escaped_and_valid_xml() -> None:
    labels = dict.fromkeys(charts.JAPAN_TILE_GRID, HOSTILE)
    svg = charts.tile_map(
        VALUES,
        title=HOSTILE,
        description=HOSTILE,
        labels=labels,
        titles={"13": HOSTILE},
        legend_title=HOSTILE,
    )
    root = parse(svg)  # would raise on unescaped text or control characters
    assert "<script>" not in svg
    texts = [el.text for el in root.iter(f"{{{charts.SVG_NS}}}text")]
    assert HOSTILE.replace("\x01", "") in texts


def test_custom_labels_and_titles_are_used() -> None:
    english = {p.code: p.name_en for p in PREFECTURES}
    root = parse(charts.tile_map(VALUES, title="t", labels=english, titles={"13": "Tokyo: 120"}))
    tokyo = next(g for g in tiles(root) if g.get("data-code") == "13")
    assert tokyo.findtext("svg:title", namespaces=NS) == "Tokyo: 120"
    assert tokyo.findtext("svg:text", namespaces=NS) == "Tokyo"


def fill_of(root: ET.Element, code: str) -> str:
    tile = next(g for g in tiles(root) if g.get("data-code") == code)
    rect = tile.find("svg:rect", NS)
    assert rect is not None
    return rect.get("fill", "")


def test_colours_follow_the_values_with_a_legend() -> None:
    root = parse(charts.tile_map(VALUES, title="t", legend_title="件数"))
    scale = [fill for fill, _ink in charts.TILE_SCALE]
    assert fill_of(root, "01") == charts.TILE_ZERO[0]  # value 0
    assert fill_of(root, "47") == scale[-1]  # the highest value
    ranks = [scale.index(fill_of(root, p.code)) for p in PREFECTURES[1:]]
    assert ranks == sorted(ranks)  # values grow with the code here, so do the colours
    legend = [el.text for el in root.iter(f"{{{charts.SVG_NS}}}text")][:7]
    assert legend[0] == "件数"
    assert legend[1] == "0"
    assert legend[2] == "1–100"
    assert legend[-1] == "371–460"  # whole numbers: each class starts after the last


def test_dark_tiles_have_light_text() -> None:
    root = parse(charts.tile_map({"13": 100}, title="t"))
    tokyo = next(g for g in tiles(root) if g.get("data-code") == "13")
    assert [t.get("fill") for t in tokyo.findall("svg:text", NS)] == ["#ffffff", "#ffffff"]


def test_class_breaks_by_quantile_without_duplicates() -> None:
    assert charts.class_breaks([0, 0, 0]) == []
    assert charts.class_breaks([5, 5, 5]) == [5]
    assert charts.class_breaks(range(1, 11), 5) == [2, 4, 6, 8, 10]
    assert charts.class_breaks([1, 1, 1, 1, 100], 5) == [1, 100]


def test_all_zero_shows_the_zero_legend_only() -> None:
    root = parse(charts.tile_map({}, title="t"))
    assert len(tiles(root)) == 47
    assert {fill_of(root, code) for code in charts.JAPAN_TILE_GRID} == {charts.TILE_ZERO[0]}


def test_negative_or_infinite_values_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        charts.tile_map({"13": -1}, title="t")
    with pytest.raises(ValueError, match="non-negative"):
        charts.tile_map({"13": float("inf")}, title="t")
