"""SVG charts: valid XML, accessible names, escaped text, scales, hover titles, empty data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from partnership.core import charts
from partnership.core.charts import Datum, nice_ticks

NS = {"svg": charts.SVG_NS}
HOSTILE = "<script>alert('x')</script> & \"quotes\" ]]> \x01"

Chart = Callable[..., SafeString]
ALL_CHARTS: list[Chart] = [
    charts.vertical_bar_chart,
    charts.horizontal_bar_chart,
    charts.line_chart,
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def texts(root: ET.Element, tag: str) -> list[str]:
    return [el.text or "" for el in root.iter(f"{{{charts.SVG_NS}}}{tag}")]


SAMPLE = [("1/1", 3), ("1/2", 0), ("1/3", 12), ("1/4", 7)]


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_every_chart_is_valid_accessible_svg(chart: Chart) -> None:
    svg = chart(SAMPLE, title="申請件数", description="説明文")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{{{charts.SVG_NS}}}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.text == "申請件数"
    assert desc is not None and desc.text == "説明文"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # No script, no inline style (a strict Content-Security-Policy would block it).
    assert "<script" not in svg and "style=" not in svg and "javascript:" not in svg


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_labels_and_titles_are_escaped(chart: Chart) -> None:
    extra = {} if chart is charts.horizontal_bar_chart else {"y_label": HOSTILE}
    data = [Datum(HOSTILE, 5), (HOSTILE + "2", 3)]
    svg = chart(data, title=HOSTILE, description=HOSTILE, **extra)
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed XML
    cleaned = HOSTILE.replace("\x01", "")
    title = root.find("svg:title", NS)
    assert title is not None and title.text == cleaned
    hover = [t for t in texts(root, "title") if t.startswith(cleaned)]
    assert len(hover) >= 2  # the chart's own title and each value's hover title


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_each_value_has_a_hover_title(chart: Chart) -> None:
    root = parse(chart(SAMPLE, title="t"))
    hover = texts(root, "title")[1:]
    assert hover == ["1/1: 3", "1/2: 0", "1/3: 12", "1/4: 7"]
    custom = parse(chart([Datum("1/1", 1234, "2026年1月1日: 1,234件")], title="t"))
    assert texts(custom, "title")[1] == "2026年1月1日: 1,234件"


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_without_data_a_chart_says_so(chart: Chart) -> None:
    root = parse(chart([], title="空"))
    assert "No data" in texts(root, "text") or "データがありません" in texts(root, "text")
    with translation.override("en"):
        root = parse(chart([], title="Empty", empty_text="Nothing yet"))
    assert texts(root, "text") == ["Nothing yet"]
    desc = root.find("svg:desc", NS)
    assert desc is not None and desc.text == "Nothing yet"


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_negative_or_non_finite_values_are_refused(chart: Chart) -> None:
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="non-negative"):
            chart([("a", bad)], title="t")


def test_the_description_sums_the_data_up() -> None:
    with translation.override("en"):
        root = parse(charts.vertical_bar_chart(SAMPLE, title="t"))
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert desc.text == "4 values from 1/1 to 1/4; highest 12 (1/3). Total 22."
    with translation.override("en"):
        line = parse(charts.line_chart(SAMPLE, title="t")).find("svg:desc", NS)
    assert line is not None and "Total" not in (line.text or "")


def test_bar_heights_follow_the_values() -> None:
    root = parse(charts.vertical_bar_chart(SAMPLE, title="t", chart_id="c"))
    # Each value's group: a transparent hover area, then the bar.
    bars = [
        rect
        for group in root.iter(f"{{{charts.SVG_NS}}}g")
        for rect in group.findall("svg:rect", NS)
        if rect.get("fill-opacity") is None
    ]
    heights = [float(bar.get("height", "0")) for bar in bars]
    assert len(heights) == 4
    assert heights[1] == 0
    assert heights[2] > heights[3] > heights[0] > 0
    assert heights[2] / heights[0] == pytest.approx(4, rel=0.01)


def test_the_value_axis_has_round_ticks_including_the_maximum() -> None:
    root = parse(charts.vertical_bar_chart(SAMPLE, title="t"))
    labels = texts(root, "text")
    assert {"0", "5", "10", "15"} <= set(labels)


def test_only_as_many_date_labels_as_fit_the_last_always_shown() -> None:
    data = [(f"11/{day}", day) for day in range(1, 31)]
    root = parse(charts.vertical_bar_chart(data, title="t", max_labels=6))
    shown = [t for t in texts(root, "text") if t.startswith("11/")]
    assert 2 <= len(shown) <= 6
    assert shown[-1] == "11/30"


def test_long_category_labels_are_shortened_with_the_full_text_on_hover() -> None:
    label = "サービス業（他に分類されないもの）" * 3
    root = parse(charts.horizontal_bar_chart([(label, 10), ("短い", 5)], title="t"))
    drawn = texts(root, "text")
    assert any(t.endswith("…") and len(t) < len(label) for t in drawn)
    assert "短い" in drawn
    assert f"{label}: 10" in texts(root, "title")


def test_horizontal_bars_print_their_values() -> None:
    root = parse(charts.horizontal_bar_chart([("東京都", 1234), ("大阪府", 800)], title="t"))
    assert {"1,234", "800"} <= set(texts(root, "text"))


def test_colours_are_parameters_with_design_token_defaults() -> None:
    svg = charts.vertical_bar_chart(SAMPLE, title="t")
    assert 'fill="#0017c1"' in svg  # --color-blue-900
    svg = charts.vertical_bar_chart(SAMPLE, title="t", color="#197a4b")
    assert 'fill="#197a4b"' in svg and 'fill="#0017c1"' not in svg
    line = charts.line_chart(SAMPLE, title="t", color="#ce0000", area_color=None)
    assert 'stroke="#ce0000"' in line and "<polygon" not in line
    hostile = charts.line_chart(SAMPLE, title="t", color='red" onload="alert(1)')
    parse(hostile)
    assert 'onload="' not in hostile


def test_a_cumulative_line_goes_through_every_point() -> None:
    data = [("1", 1), ("2", 3), ("3", 6)]
    root = parse(charts.line_chart(data, title="t"))
    polyline = root.find(".//svg:polyline", NS)
    assert polyline is not None
    points = [tuple(map(float, p.split(","))) for p in polyline.get("points", "").split()]
    assert len(points) == 3
    xs, ys = zip(*points, strict=True)
    assert list(xs) == sorted(xs)
    assert ys[0] > ys[1] > ys[2]  # higher values are drawn higher up
    assert len(root.findall(".//svg:circle", NS)) == 3
    many = parse(charts.line_chart([(str(i), i) for i in range(100)], title="t"))
    assert many.findall(".//svg:circle", NS) == []  # too many points to mark


def test_ids_are_stable_unique_per_content_and_can_be_given() -> None:
    first = charts.vertical_bar_chart(SAMPLE, title="a")
    assert first == charts.vertical_bar_chart(SAMPLE, title="a")
    assert parse(first).get("aria-labelledby") != parse(
        charts.vertical_bar_chart(SAMPLE, title="b")
    ).get("aria-labelledby")
    named = parse(charts.vertical_bar_chart(SAMPLE, title="a", chart_id='my "chart"'))
    title = named.find("svg:title", NS)
    assert title is not None and title.get("id") == "my--chart--title"


@pytest.mark.parametrize(
    ("high", "integer", "expected"),
    [
        (12, True, [0, 5, 10, 15]),
        (4, True, [0, 1, 2, 3, 4]),
        (1, True, [0, 1]),
        (100, True, [0, 25, 50, 75, 100]),
        (0.3, False, [0, 0.1, 0.2, 0.3]),
        (1234, True, [0, 500, 1000, 1500]),
        (0, True, [0, 1]),
    ],
)
def test_nice_ticks(high: float, integer: bool, expected: list[Any]) -> None:
    assert nice_ticks(high, integer=integer) == pytest.approx(expected)


def test_integer_ticks_never_fall_between_whole_numbers() -> None:
    for high in range(1, 60):
        ticks = nice_ticks(high, integer=True)
        assert all(float(t).is_integer() for t in ticks)
        assert ticks[-1] >= high


def test_format_number() -> None:
    assert charts.format_number(1234567) == "1,234,567"
    assert charts.format_number(2.0) == "2"
    assert charts.format_number(2.25) == "2.2" or charts.format_number(2.25) == "2.3"
