"""Server-rendered, accessible SVG charts: plain strings built with escaping, no JavaScript.

Four kinds, for the staff dashboard and the public statistics:

- :func:`vertical_bar_chart` — a time series (per day, week, month), with a value axis of
  "nice" ticks and as many date labels as fit;
- :func:`horizontal_bar_chart` — categories (prefectures, industries), value at each bar's end;
- :func:`line_chart` — a cumulative series;
- :func:`tile_map` — a value per prefecture on a tile map of Japan, with a colour legend.

Each chart is ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` (the description
sums the data up in words when the caller gives none); every bar or point carries a
``<title>`` with its exact value, which browsers show on hover. The SVG has a ``viewBox`` and
``width="100%"``, so it scales to the width of its container (a phone included), and text
inherits the page's font. Colours are presentation attributes (not inline styles, so a strict
Content-Security-Policy does not block them); the defaults are the design tokens of
``static/css/registry.css``.

A chart is never the only way to read the figures: the page shows the same data as a table
(the template's job).

Data is a sequence of :class:`Datum` or of ``(label, value)`` pairs, values non-negative.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Design tokens (static/css/registry.css).
BLUE_900 = "#0017c1"
BLUE_100 = "#d9e6ff"
GRAY_100 = "#e6e6e6"
GRAY_600 = "#666666"
GRAY_800 = "#333333"

SVG_NS = "http://www.w3.org/2000/svg"

ValueFormat = Callable[[float], str]


@dataclass(frozen=True)
class Datum:
    """One bar or point: ``label`` on the axis, ``value``, and optionally the full ``title``
    shown on hover (default ``"label: value"``)."""

    label: str
    value: float
    title: str = ""


DataInput = Iterable[Datum | tuple[str, float]]


def format_number(value: float) -> str:
    """``1,234`` for whole numbers, ``1,234.5`` otherwise."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


# --- helpers ----------------------------------------------------------------------------------

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: object) -> str:
    """Text safe inside an XML element or a double-quoted attribute (and valid XML 1.0)."""
    return str(escape(_XML_INVALID.sub("", str(text))))


def _num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _data(data: DataInput) -> list[Datum]:
    items: list[Datum] = []
    for item in data:
        if isinstance(item, Datum):
            items.append(item)
        else:
            label, value = item
            items.append(Datum(str(label), value))
    for item in items:
        if not math.isfinite(item.value) or item.value < 0:
            raise ValueError(f"chart values must be finite and non-negative, got {item.value!r}")
    return items


def _text_width(text: str, font_size: float) -> float:
    """Rough rendered width: CJK and full-width characters take 1em, others about 0.6em."""
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    return (wide + 0.6 * (len(text) - wide)) * font_size


def _truncate(text: str, max_width: float, font_size: float) -> str:
    if _text_width(text, font_size) <= max_width:
        return text
    while text and _text_width(text + "…", font_size) > max_width:
        text = text[:-1]
    return text + "…"


def nice_ticks(high: float, *, count: int = 4, integer: bool = False) -> list[float]:
    """Axis ticks from 0 to a round number ≥ ``high``, about ``count`` steps of 1, 2, 2.5 or 5
    times a power of ten (whole steps when ``integer``)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for factor in (1, 2, 2.5, 5, 10):
        candidate = factor * magnitude
        if integer and not float(candidate).is_integer():
            continue
        if candidate >= raw:
            step = candidate
            break
    if integer:
        step = max(step, 1)
    steps = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


def _chart_id(chart_id: str | None, title: str, items: Sequence[Datum]) -> str:
    if chart_id:
        return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    key = repr((title, [(d.label, d.value) for d in items])).encode()
    digest = hashlib.sha1(key, usedforsecurity=False).hexdigest()[:10]
    return f"chart-{digest}"


def _open(
    chart_id: str, width: float, height: float, title: str, description: str, font_size: float
) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_num(width)} {_num(height)}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
        f'font-size="{_num(font_size)}" focusable="false">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>',
    ]


def _empty(
    chart_id: str,
    width: float,
    height: float,
    title: str,
    description: str,
    font_size: float,
    text_color: str,
    empty_text: str,
) -> SafeString:
    # A short box: the page's table says the same, and a tall empty frame looks broken.
    height = min(height, font_size * 5)
    parts = _open(chart_id, width, height, title, description or empty_text, font_size)
    parts.append(
        f'<text x="{_num(width / 2)}" y="{_num(height / 2 + font_size * 0.35)}" '
        'text-anchor="middle" '
        f'fill="{_esc(text_color)}">{_esc(empty_text)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above


def _summary(items: Sequence[Datum], value_format: ValueFormat, *, total: bool) -> str:
    highest = max(items, key=lambda d: d.value)
    text = _("%(count)s values from %(first)s to %(last)s; highest %(max)s (%(max_label)s).") % {
        "count": len(items),
        "first": items[0].label,
        "last": items[-1].label,
        "max": value_format(highest.value),
        "max_label": highest.label,
    }
    if total:
        text += " " + _("Total %(total)s.") % {"total": value_format(sum(d.value for d in items))}
    return text


def _hover(item: Datum, value_format: ValueFormat) -> str:
    return item.title or f"{item.label}: {value_format(item.value)}"


def _label_step(labels: Sequence[str], plot_width: float, font_size: float, max_labels: int) -> int:
    widest = max((_text_width(label, font_size) for label in labels), default=0) + font_size
    fit = max(1, int(plot_width // max(widest, 1)))
    shown = max(1, min(max_labels, fit, len(labels)))
    return max(1, math.ceil(len(labels) / shown))


def _value_axis(
    parts: list[str],
    ticks: Sequence[float],
    *,
    left: float,
    right: float,
    y_of: Callable[[float], float],
    value_format: ValueFormat,
    font_size: float,
    text_color: str,
    grid_color: str,
) -> None:
    parts.append('<g aria-hidden="true">')
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="{_esc(grid_color)}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_num(left - 6)}" y="{_num(y + font_size * 0.35)}" text-anchor="end" '
            f'fill="{_esc(text_color)}">{_esc(value_format(tick))}</text>'
        )
    parts.append("</g>")


def _category_axis(
    parts: list[str],
    labels: Sequence[str],
    centres: Sequence[float],
    *,
    y: float,
    plot_width: float,
    width: float,
    font_size: float,
    text_color: str,
    max_labels: int,
) -> None:
    step = _label_step(labels, plot_width, font_size, max_labels)
    last = len(labels) - 1
    parts.append('<g aria-hidden="true">')
    for index, (label, x) in enumerate(zip(labels, centres, strict=True)):
        # Count from the most recent value, so that it always has its label.
        if (last - index) % step:
            continue
        # Keep the first and last labels inside the drawing.
        half = _text_width(label, font_size) / 2
        anchor = "middle"
        if x + half > width:
            x, anchor = width - 1, "end"
        elif x - half < 0:
            x, anchor = 1, "start"
        parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
            f'fill="{_esc(text_color)}">{_esc(label)}</text>'
        )
    parts.append("</g>")


def _y_label(parts: list[str], text: str, *, x: float, font_size: float, color: str) -> None:
    if text:
        parts.append(
            f'<text x="{_num(x)}" y="{_num(font_size)}" fill="{_esc(color)}" '
            f'aria-hidden="true">{_esc(text)}</text>'
        )


def _integer_data(items: Sequence[Datum]) -> bool:
    return all(float(d.value).is_integer() for d in items)


def _left_margin(ticks: Sequence[float], value_format: ValueFormat, font_size: float) -> float:
    return max(_text_width(value_format(t), font_size) for t in ticks) + 10


# --- charts -----------------------------------------------------------------------------------


def vertical_bar_chart(
    data: DataInput,
    *,
    title: str,
    description: str = "",
    y_label: str = "",
    width: int = 440,
    height: int = 240,
    font_size: int = 12,
    max_labels: int = 8,
    value_format: ValueFormat = format_number,
    color: str = BLUE_900,
    text_color: str = GRAY_800,
    axis_color: str = GRAY_600,
    grid_color: str = GRAY_100,
    empty_text: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A column per value, in order (oldest first for a time series).

    ``title`` names the chart (its accessible name); ``description`` is read after it
    (default: a one-sentence summary of the data). ``y_label`` is printed above the value
    axis (e.g. the unit). Only as many category labels as fit are drawn, counted back from
    the last value; hovering a column shows its label and value (or ``Datum.title``)."""
    items = _data(data)
    cid = _chart_id(chart_id, title, items)
    if not items:
        return _empty(
            cid,
            width,
            height,
            title,
            description,
            font_size,
            text_color,
            empty_text or _("No data"),
        )
    description = description or _summary(items, value_format, total=True)
    ticks = nice_ticks(max(d.value for d in items), integer=_integer_data(items))
    top = font_size * 2 if y_label else font_size
    bottom = font_size * 2.5
    left = _left_margin(ticks, value_format, font_size)
    right = width - 8
    plot_height = height - top - bottom
    plot_width = right - left
    high = ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_height * (1 - value / high)

    parts = _open(cid, width, height, title, description, font_size)
    _y_label(parts, y_label, x=4, font_size=font_size, color=text_color)
    _value_axis(
        parts,
        ticks,
        left=left,
        right=right,
        y_of=y_of,
        value_format=value_format,
        font_size=font_size,
        text_color=text_color,
        grid_color=grid_color,
    )
    slot = plot_width / len(items)
    bar = max(min(slot * 0.7, slot - 1), 0.5)
    centres = [left + slot * (i + 0.5) for i in range(len(items))]
    parts.append("<g>")
    for item, centre in zip(items, centres, strict=True):
        y = y_of(item.value)
        parts.append(
            f"<g><title>{_esc(_hover(item, value_format))}</title>"
            f'<rect x="{_num(centre - slot / 2)}" y="{_num(top)}" width="{_num(slot)}" '
            f'height="{_num(plot_height)}" fill="#ffffff" fill-opacity="0"/>'
            f'<rect x="{_num(centre - bar / 2)}" y="{_num(y)}" width="{_num(bar)}" '
            f'height="{_num(top + plot_height - y)}" fill="{_esc(color)}"/></g>'
        )
    parts.append("</g>")
    parts.append(
        f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(top + plot_height)}" '
        f'y2="{_num(top + plot_height)}" stroke="{_esc(axis_color)}" stroke-width="1" '
        'aria-hidden="true"/>'
    )
    _category_axis(
        parts,
        [d.label for d in items],
        centres,
        y=top + plot_height + font_size * 1.6,
        plot_width=plot_width,
        width=width,
        font_size=font_size,
        text_color=text_color,
        max_labels=max_labels,
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped


def horizontal_bar_chart(
    data: DataInput,
    *,
    title: str,
    description: str = "",
    width: int = 440,
    row_height: int = 24,
    font_size: int = 12,
    label_width: int | None = None,
    value_format: ValueFormat = format_number,
    color: str = BLUE_900,
    text_color: str = GRAY_800,
    axis_color: str = GRAY_600,
    empty_text: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A bar per category, top to bottom in the given order, with its value printed at the
    end of the bar. Labels longer than ``label_width`` (default: a third of the width) are
    shortened with "…"; the full label is in the bar's hover title and in the description."""
    items = _data(data)
    cid = _chart_id(chart_id, title, items)
    if not items:
        return _empty(
            cid,
            width,
            row_height * 3,
            title,
            description,
            font_size,
            text_color,
            empty_text or _("No data"),
        )
    description = description or _summary(items, value_format, total=True)
    label_space = label_width if label_width is not None else width // 3
    value_space = max(_text_width(value_format(d.value), font_size) for d in items) + 8
    left = label_space + 6
    plot_width = max(width - left - value_space - 4, 1)
    high = max(d.value for d in items) or 1
    top = 4
    height = top * 2 + row_height * len(items)
    bar_height = row_height * 0.7

    parts = _open(cid, width, height, title, description, font_size)
    for index, item in enumerate(items):
        y = top + index * row_height
        middle = y + row_height / 2 + font_size * 0.35
        length = plot_width * item.value / high
        parts.append(
            f"<g><title>{_esc(_hover(item, value_format))}</title>"
            f'<rect x="0" y="{_num(y)}" width="{_num(width)}" height="{_num(row_height)}" '
            'fill="#ffffff" fill-opacity="0"/>'
            f'<text x="{_num(label_space)}" y="{_num(middle)}" text-anchor="end" '
            f'fill="{_esc(text_color)}">{_esc(_truncate(item.label, label_space, font_size))}'
            "</text>"
            f'<rect x="{_num(left)}" y="{_num(y + (row_height - bar_height) / 2)}" '
            f'width="{_num(length)}" height="{_num(bar_height)}" fill="{_esc(color)}"/>'
            f'<text x="{_num(left + length + 4)}" y="{_num(middle)}" '
            f'fill="{_esc(text_color)}">{_esc(value_format(item.value))}</text></g>'
        )
    parts.append(
        f'<line x1="{_num(left)}" x2="{_num(left)}" y1="{_num(top)}" '
        f'y2="{_num(height - top)}" stroke="{_esc(axis_color)}" stroke-width="1" '
        'aria-hidden="true"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped


def line_chart(
    data: DataInput,
    *,
    title: str,
    description: str = "",
    y_label: str = "",
    width: int = 440,
    height: int = 240,
    font_size: int = 12,
    max_labels: int = 8,
    value_format: ValueFormat = format_number,
    color: str = BLUE_900,
    area_color: str | None = BLUE_100,
    text_color: str = GRAY_800,
    axis_color: str = GRAY_600,
    grid_color: str = GRAY_100,
    empty_text: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A line through the values in order (e.g. a cumulative count), the area under it
    shaded in ``area_color`` (None: no shading). Points are marked when there are at most
    40 of them; hovering anywhere above a point shows its label and value."""
    items = _data(data)
    cid = _chart_id(chart_id, title, items)
    if not items:
        return _empty(
            cid,
            width,
            height,
            title,
            description,
            font_size,
            text_color,
            empty_text or _("No data"),
        )
    if not description:
        description = _summary(items, value_format, total=False)
    ticks = nice_ticks(max(d.value for d in items), integer=_integer_data(items))
    top = font_size * 2 if y_label else font_size
    bottom = font_size * 2.5
    left = _left_margin(ticks, value_format, font_size)
    right = width - 8
    plot_height = height - top - bottom
    plot_width = right - left
    high = ticks[-1]
    base = top + plot_height

    def y_of(value: float) -> float:
        return top + plot_height * (1 - value / high)

    slot = plot_width / len(items)
    xs = [left + slot * (i + 0.5) for i in range(len(items))]
    ys = [y_of(d.value) for d in items]
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in zip(xs, ys, strict=True))

    parts = _open(cid, width, height, title, description, font_size)
    _y_label(parts, y_label, x=4, font_size=font_size, color=text_color)
    _value_axis(
        parts,
        ticks,
        left=left,
        right=right,
        y_of=y_of,
        value_format=value_format,
        font_size=font_size,
        text_color=text_color,
        grid_color=grid_color,
    )
    if area_color:
        parts.append(
            f'<polygon points="{_num(xs[0])},{_num(base)} {points} {_num(xs[-1])},{_num(base)}" '
            f'fill="{_esc(area_color)}" fill-opacity="0.6" aria-hidden="true"/>'
        )
    parts.append(
        f'<polyline points="{points}" fill="none" stroke="{_esc(color)}" stroke-width="2.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
    marked = len(items) <= 40
    parts.append("<g>")
    for item, x, y in zip(items, xs, ys, strict=True):
        dot = (
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{_esc(color)}"/>'
            if marked
            else ""
        )
        parts.append(
            f"<g><title>{_esc(_hover(item, value_format))}</title>"
            f'<rect x="{_num(x - slot / 2)}" y="{_num(top)}" width="{_num(slot)}" '
            f'height="{_num(plot_height)}" fill="#ffffff" fill-opacity="0"/>{dot}</g>'
        )
    parts.append("</g>")
    parts.append(
        f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(base)}" y2="{_num(base)}" '
        f'stroke="{_esc(axis_color)}" stroke-width="1" aria-hidden="true"/>'
    )
    _category_axis(
        parts,
        [d.label for d in items],
        xs,
        y=base + font_size * 1.6,
        plot_width=plot_width,
        width=width,
        font_size=font_size,
        text_color=text_color,
        max_labels=max_labels,
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped


# --- tile map of Japan ------------------------------------------------------------------------

# The familiar tile-grid arrangement of the 47 prefectures (JIS X 0401 code → column, row):
# Hokkaido top right, Kyushu to the left, Okinawa bottom left. Neighbours stay neighbours as
# far as a grid allows; the empty top left holds the legend.
JAPAN_TILE_GRID: dict[str, tuple[int, int]] = {
    "01": (13, 0),
    "02": (13, 1),
    "03": (13, 2),
    "04": (13, 3),
    "05": (12, 2),
    "06": (12, 3),
    "07": (12, 4),
    "08": (13, 5),
    "09": (12, 5),
    "10": (11, 5),
    "11": (11, 6),
    "12": (13, 6),
    "13": (12, 6),
    "14": (11, 7),
    "15": (11, 4),
    "16": (10, 4),
    "17": (9, 4),
    "18": (8, 5),
    "19": (10, 6),
    "20": (10, 5),
    "21": (9, 5),
    "22": (10, 7),
    "23": (9, 6),
    "24": (8, 7),
    "25": (8, 6),
    "26": (7, 5),
    "27": (6, 6),
    "28": (6, 5),
    "29": (7, 6),
    "30": (7, 7),
    "31": (5, 5),
    "32": (4, 5),
    "33": (5, 6),
    "34": (4, 6),
    "35": (3, 6),
    "36": (5, 8),
    "37": (5, 7),
    "38": (4, 7),
    "39": (4, 8),
    "40": (2, 6),
    "41": (1, 6),
    "42": (0, 6),
    "43": (1, 7),
    "44": (2, 7),
    "45": (2, 8),
    "46": (1, 8),
    "47": (0, 9),
}

# Sequential scale from the design tokens (blue 100, 300, 400, 700, 900), each with the text
# colour that keeps a contrast of at least 4.5:1 on it.
TILE_SCALE: tuple[tuple[str, str], ...] = (
    ("#d9e6ff", "#1a1a1a"),
    ("#9db7f9", "#1a1a1a"),
    ("#7096f8", "#1a1a1a"),
    ("#264af4", "#ffffff"),
    ("#0017c1", "#ffffff"),
)
TILE_ZERO = ("#f2f2f2", GRAY_800)  # gray 50: no declarations at all


def short_prefecture_names() -> dict[str, str]:
    """Japanese prefecture names without 都・府・県 (北海道 stays whole), as tiles show them."""
    from partnership.core.reference_data import PREFECTURES

    # One character only: 京都府 is 京都, not 京.
    return {p.code: p.name_ja[:-1] if p.name_ja[-1] in "都府県" else p.name_ja for p in PREFECTURES}


def class_breaks(values: Iterable[float], classes: int = len(TILE_SCALE)) -> list[float]:
    """Upper bounds of up to ``classes`` classes of the positive values, by quantile, so that
    a few very large values (Tokyo) do not wash every other tile out. Duplicates are merged, so
    fewer, distinct classes come back when the data has few distinct values."""
    positive = sorted(v for v in values if v > 0)
    bounds: list[float] = []
    for i in range(1, classes + 1):
        bound = positive[max(math.ceil(i * len(positive) / classes) - 1, 0)] if positive else 0
        if positive and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    return bounds


def _class_colors(count: int, scale: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if count <= 0:
        return []
    if count == 1:
        return [scale[-1]]
    return [scale[round(i * (len(scale) - 1) / (count - 1))] for i in range(count)]


def tile_map(
    values: Mapping[str, float],
    *,
    title: str,
    description: str = "",
    labels: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    legend_title: str = "",
    breaks: Sequence[float] | None = None,
    scale: Sequence[tuple[str, str]] = TILE_SCALE,
    zero: tuple[str, str] = TILE_ZERO,
    tile_size: int = 56,
    gap: int = 4,
    font_size: int = 12,
    legend_font_size: int = 14,
    value_format: ValueFormat = format_number,
    text_color: str = GRAY_800,
    empty_text: str | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A tile map of Japan: one square per prefecture in :data:`JAPAN_TILE_GRID`, coloured by
    its value in classes (``breaks``: upper bounds, default :func:`class_breaks`), with a
    legend. Each tile prints its name (``labels``, default :func:`short_prefecture_names`) and
    value, and carries a ``<title>`` (``titles``, default ``"name: value"``) shown on hover.

    ``values`` maps JIS X 0401 codes to non-negative values; a missing code counts as 0.
    Names too long for a tile are set in a smaller font (never below 8 units)."""
    names = dict(labels) if labels is not None else short_prefecture_names()
    numbers: dict[str, float] = {}
    for code in JAPAN_TILE_GRID:
        value = float(values.get(code, 0) or 0)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"tile values must be finite and non-negative, got {value!r}")
        numbers[code] = value
    items = [Datum(names.get(code, code), numbers[code]) for code in JAPAN_TILE_GRID]
    cid = _chart_id(chart_id, title, items)
    columns = max(col for col, _row in JAPAN_TILE_GRID.values()) + 1
    rows = max(row for _col, row in JAPAN_TILE_GRID.values()) + 1
    step = tile_size + gap
    width, height = columns * step - gap, rows * step - gap
    total = sum(numbers.values())
    if not total and empty_text is not None:
        return _empty(cid, width, height, title, description, font_size, text_color, empty_text)

    bounds = list(breaks) if breaks is not None else class_breaks(numbers.values(), len(scale))
    colors = _class_colors(len(bounds), scale)

    def colour(value: float) -> tuple[str, str]:
        if value <= 0 or not bounds:
            return zero
        for bound, pair in zip(bounds, colors, strict=True):
            if value <= bound:
                return pair
        return colors[-1]

    if not description:
        highest = max(items, key=lambda d: d.value)
        description = _(
            "%(count)s prefectures; highest %(max)s (%(max_label)s); total %(total)s."
        ) % {
            "count": len(items),
            "max": value_format(highest.value),
            "max_label": highest.label,
            "total": value_format(total),
        }

    parts = _open(cid, width, height, title, description, font_size)
    # Legend in the empty top-left corner (the Sea of Japan).
    integer = all(v.is_integer() for v in numbers.values()) and all(
        float(b).is_integer() for b in bounds
    )
    entries: list[tuple[tuple[str, str], str]] = []
    if any(v <= 0 for v in numbers.values()) or not bounds:
        entries.append((zero, value_format(0)))
    low: float = 0
    for bound, pair in zip(bounds, colors, strict=True):
        # Whole numbers: 1–5, 6–12, …; otherwise each class runs from the previous bound.
        start = low + 1 if integer else low
        if integer and start >= bound:
            label = value_format(bound)
        else:
            label = f"{value_format(start)}–{value_format(bound)}"
        entries.append((pair, label))
        low = bound
    swatch = legend_font_size * 1.25
    line = legend_font_size * 1.8
    parts.append(f'<g aria-hidden="true" font-size="{legend_font_size}">')
    y: float = legend_font_size
    if legend_title:
        parts.append(
            f'<text x="0" y="{_num(y)}" font-weight="bold" fill="{_esc(text_color)}">'
            f"{_esc(legend_title)}</text>"
        )
        y += legend_font_size * 0.8
    for (fill, _ink), label in entries:
        parts.append(
            f'<rect x="1" y="{_num(y)}" width="{_num(swatch)}" height="{_num(swatch)}" '
            f'fill="{_esc(fill)}" stroke="{GRAY_600}" stroke-width="1"/>'
            f'<text x="{_num(swatch + 8)}" y="{_num(y + swatch / 2 + legend_font_size * 0.35)}" '
            f'fill="{_esc(text_color)}">{_esc(label)}</text>'
        )
        y += line
    parts.append("</g>")

    parts.append("<g>")
    inner = tile_size - 6
    for code, (col, row) in JAPAN_TILE_GRID.items():
        value = numbers[code]
        name = names.get(code, code)
        fill, ink = colour(value)
        x, y = float(col * step), float(row * step)
        hover = (titles or {}).get(code) or f"{name}: {value_format(value)}"
        name_size = min(float(font_size), inner / max(_text_width(name, 1), 0.1))
        value_text = value_format(value)
        value_size = min(float(font_size), inner / max(_text_width(value_text, 1) * 1.08, 0.1))
        parts.append(
            f'<g class="tile" data-code="{_esc(code)}"><title>{_esc(hover)}</title>'
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{tile_size}" height="{tile_size}" '
            f'rx="4" fill="{_esc(fill)}"/>'
            f'<text x="{_num(x + tile_size / 2)}" y="{_num(y + tile_size * 0.42)}" '
            f'text-anchor="middle" font-size="{_num(max(name_size, 8))}" '
            f'fill="{_esc(ink)}">{_esc(name)}</text>'
            f'<text x="{_num(x + tile_size / 2)}" y="{_num(y + tile_size * 0.8)}" '
            f'text-anchor="middle" font-size="{_num(max(value_size, 8))}" font-weight="bold" '
            f'fill="{_esc(ink)}">{_esc(value_text)}</text></g>'
        )
    parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped
