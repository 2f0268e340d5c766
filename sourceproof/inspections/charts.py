"""Small server-side SVG line charts: no JavaScript, no chart library.

A chart is a few series of (x, y) points drawn as polylines over two linear axes with
"nice" ticks, optional reference lines (a vertical line at x = AQL, a horizontal one at
y = 10 %) and markers (a dot at a named point). The result is a self-contained ``<svg>``
element (already escaped, safe to put in a template) that scales to the width of its
container, with a ``<title>`` and ``<desc>`` for screen readers and a ``<title>`` tooltip
on every reference line and marker.

    from sourceproof.inspections.charts import Axis, Marker, ReferenceLine, Series, line_chart

    svg = line_chart(
        title="Probability of acceptance",
        description="Pa falls from 100 % at p = 0 to 0 % near p = 20.",
        series=[Series("n = 80, Ac 5", [(0, 1.0), (2.5, 0.98), (10, 0.2)])],
        x_axis=Axis("Percent nonconforming"),
        y_axis=Axis("Pa", low=0, high=1, format=percent),
        reference_lines=[ReferenceLine("x", 2.5, "AQL 2.5")],
        markers=[Marker(2.5, 0.98, "Pa 98 % at the AQL")],
    )

Colours and dash patterns differ per series, so the lines stay apart in grey print and
for colour-blind readers (Okabe-Ito palette).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final, Literal

from django.utils.safestring import SafeString, mark_safe

Point = tuple[float, float]

# Okabe-Ito: distinguishable by colour-blind readers; each also gets its own dash pattern.
PALETTE: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES: Final = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2", "12 4")
_INK: Final = "#1d2733"
_MUTED: Final = "#5b6775"
_GRID: Final = "#e3e7ec"
_FONT_SIZE: Final = 12
_CHAR_WIDTH: Final = 0.6 * _FONT_SIZE  # a rough average glyph width, for layout only


def format_number(value: float) -> str:
    """A tick label: no float noise (0.30000000000000004 -> "0.3"), no trailing zeros."""
    if value == 0:
        return "0"
    return f"{round(value, 10):g}"


def percent(value: float) -> str:
    """A fraction as a percentage tick label: 0.25 -> "25 %"."""
    return f"{format_number(value * 100)} %"


@dataclass(frozen=True, slots=True)
class Series:
    """One line: a label for the legend and its points, drawn in the order given."""

    label: str
    points: Sequence[Point]


@dataclass(frozen=True, slots=True)
class Axis:
    """An axis: its label, an optional fixed range, optional fixed ticks, a tick format.

    Without ``low``/``high`` the range is taken from the data (series, reference lines and
    markers) and widened to the nearest "nice" ticks.
    """

    label: str
    low: float | None = None
    high: float | None = None
    ticks: Sequence[float] | None = None
    tick_count: int = 6
    format: Callable[[float], str] = format_number


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    """A straight line across the plot at x = value (``axis="x"``) or y = value."""

    axis: Literal["x", "y"]
    value: float
    label: str = ""
    series: int | None = None  # draw in that series' colour; None: grey


@dataclass(frozen=True, slots=True)
class Marker:
    """A dot at (x, y) with a label (shown next to it and as a tooltip)."""

    x: float
    y: float
    label: str = ""
    series: int | None = None  # draw in that series' colour; None: ink
    show_label: bool = True


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Maps a data interval onto a pixel interval (either may run backwards)."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        d0, d1 = self.domain
        r0, r1 = self.range
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (value - d0) * (r1 - r0) / (d1 - d0)


def nice_number(value: float, *, round_: bool) -> float:
    """The "nice" number (1, 2 or 5 times a power of ten) closest to (or above) value."""
    if value <= 0 or not math.isfinite(value):
        raise ValueError(f"a nice number needs a positive finite value, got {value}")
    exponent = math.floor(math.log10(value))
    fraction = value / 10**exponent
    if round_:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10.0**exponent


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """About ``count`` evenly spaced round ticks covering [low, high] (Heckbert's method).

    The first tick is at or below ``low`` and the last at or above ``high``.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"ticks need finite bounds, got {low} and {high}")
    if low > high:
        low, high = high, low
    if low == high:
        pad = abs(low) / 2 if low else 1.0
        low, high = low - pad, high + pad
    span = nice_number(high - low, round_=False)
    step = nice_number(span / max(1, count - 1), round_=True)
    decimals = max(0, -math.floor(math.log10(step)))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    ticks = []
    i = 0
    while True:
        tick = round(first + i * step, decimals + 1)
        if tick > last + step / 2:
            break
        ticks.append(tick + 0.0)  # + 0.0 turns -0.0 into 0.0
        i += 1
    return ticks


def _domain(axis: Axis, values: Sequence[float]) -> tuple[tuple[float, float], list[float]]:
    """The axis range and its ticks, from the axis settings and the data."""
    finite = [v for v in values if math.isfinite(v)]
    low = axis.low if axis.low is not None else (min(finite) if finite else 0.0)
    high = axis.high if axis.high is not None else (max(finite) if finite else 1.0)
    if axis.ticks is not None:
        ticks = sorted(axis.ticks)
        if axis.low is None and ticks:
            low = min(low, ticks[0])
        if axis.high is None and ticks:
            high = max(high, ticks[-1])
    else:
        ticks = nice_ticks(low, high, axis.tick_count)
        if axis.low is None:
            low = min(low, ticks[0])
        if axis.high is None:
            high = max(high, ticks[-1])
    if low == high:
        low, high = (low - 1, high + 1) if axis.low is None else (low, low + 1)
    ticks = [t for t in ticks if low - 1e-9 * abs(high - low) <= t <= high + 1e-9 * abs(high - low)]
    return (low, high), ticks


def _num(value: float) -> str:
    return f"{value:.1f}".replace("-0.0", "0.0")


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _color(series: int | None, default: str) -> str:
    return PALETTE[series % len(PALETTE)] if series is not None else default


def _legend_rows(labels: Sequence[str], width: float) -> list[list[tuple[int, str, float]]]:
    """Legend entries laid out left to right, wrapped: (series index, label, x offset)."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    x = 0.0
    for index, label in enumerate(labels):
        entry = 28 + len(label) * _CHAR_WIDTH + 16
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append((index, label, x))
        x += entry
    return rows if rows[0] else []


class _LabelPlacer:
    """Puts each label at the first candidate position where it overlaps no earlier label
    and stays inside the plot (or at the first candidate when none is free)."""

    def __init__(self, plot: tuple[float, float, float, float]) -> None:
        self.plot = plot
        self.boxes: list[tuple[float, float, float, float]] = []

    @staticmethod
    def _box(x: float, y: float, anchor: str, text: str) -> tuple[float, float, float, float]:
        width = len(text) * _CHAR_WIDTH
        x0 = x - width if anchor == "end" else x
        return (x0, y - _FONT_SIZE + 1, x0 + width, y + 3)

    def _free(self, box: tuple[float, float, float, float]) -> bool:
        left, top, right, bottom = self.plot
        if box[0] < left or box[2] > right or box[1] < top or box[3] > bottom:
            return False
        return all(
            box[2] <= o[0] or o[2] <= box[0] or box[3] <= o[1] or o[3] <= box[1] for o in self.boxes
        )

    def text(self, text: str, candidates: Sequence[tuple[float, float, str]], color: str) -> str:
        chosen = next(
            (c for c in candidates if self._free(self._box(c[0], c[1], c[2], text))),
            candidates[0],
        )
        x, y, anchor = chosen
        self.boxes.append(self._box(x, y, anchor, text))
        end = ' text-anchor="end"' if anchor == "end" else ""
        return (
            f'<text x="{_num(x)}" y="{_num(y)}" fill="{color}"{end} stroke="#fff" '
            f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{escape(text)}</text>'
        )


def line_chart(
    *,
    title: str,
    description: str,
    series: Sequence[Series],
    x_axis: Axis,
    y_axis: Axis,
    reference_lines: Sequence[ReferenceLine] = (),
    markers: Sequence[Marker] = (),
    width: int = 560,
    height: int = 340,
    chart_id: str = "chart",
    empty_text: str = "No data",
) -> SafeString:
    """An accessible SVG line chart (see the module docstring)."""
    xs = [x for s in series for x, _ in s.points] + [m.x for m in markers]
    ys = [y for s in series for _, y in s.points] + [m.y for m in markers]
    xs += [r.value for r in reference_lines if r.axis == "x"]
    ys += [r.value for r in reference_lines if r.axis == "y"]
    (x_low, x_high), x_ticks = _domain(x_axis, xs)
    (y_low, y_high), y_ticks = _domain(y_axis, ys)

    y_labels = [y_axis.format(t) for t in y_ticks]
    left = 30 + max([len(label) for label in y_labels] + [1]) * _CHAR_WIDTH + 8
    right = width - 16
    legend = _legend_rows([s.label for s in series], right - left) if len(series) > 1 else []
    top = 14 + len(legend) * 18
    bottom = height - 44
    sx = LinearScale((x_low, x_high), (left, right))
    sy = LinearScale((y_low, y_high), (bottom, top))
    plot_id = f"{chart_id}-plot"

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" '
        f'class="chart" id="{_attr(chart_id)}" '
        f'style="width:100%;height:auto;max-width:{width}px" '
        f'font-family="system-ui, sans-serif" font-size="{_FONT_SIZE}">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(description)}</desc>',
        f'<defs><clipPath id="{_attr(plot_id)}"><rect x="{_num(left)}" y="{_num(top)}" '
        f'width="{_num(right - left)}" height="{_num(bottom - top)}"/></clipPath></defs>',
    ]

    # Grid and ticks.
    out.append(f'<g class="grid" stroke="{_GRID}" stroke-width="1">')
    for tick in y_ticks:
        out.append(
            f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(sy(tick))}" '
            f'y2="{_num(sy(tick))}"/>'
        )
    for tick in x_ticks:
        out.append(
            f'<line x1="{_num(sx(tick))}" x2="{_num(sx(tick))}" y1="{_num(top)}" '
            f'y2="{_num(bottom)}"/>'
        )
    out.append("</g>")
    out.append(
        f'<g class="axes" stroke="{_INK}" stroke-width="1">'
        f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(bottom)}" y2="{_num(bottom)}"/>'
        f'<line x1="{_num(left)}" x2="{_num(left)}" y1="{_num(top)}" y2="{_num(bottom)}"/>'
        "</g>"
    )
    out.append(f'<g class="y-ticks" fill="{_MUTED}" text-anchor="end">')
    for tick, label in zip(y_ticks, y_labels, strict=True):
        out.append(f'<text x="{_num(left - 6)}" y="{_num(sy(tick) + 4)}">{escape(label)}</text>')
    out.append("</g>")
    out.append(f'<g class="x-ticks" fill="{_MUTED}" text-anchor="middle">')
    for tick in x_ticks:
        out.append(
            f'<text x="{_num(sx(tick))}" y="{_num(bottom + 16)}">'
            f"{escape(x_axis.format(tick))}</text>"
        )
    out.append("</g>")
    out.append(
        f'<text class="x-label" x="{_num((left + right) / 2)}" y="{_num(height - 8)}" '
        f'text-anchor="middle" fill="{_INK}">{escape(x_axis.label)}</text>'
    )
    middle = (top + bottom) / 2
    out.append(
        f'<text class="y-label" transform="translate(14 {_num(middle)}) rotate(-90)" '
        f'text-anchor="middle" fill="{_INK}">{escape(y_axis.label)}</text>'
    )

    # Reference lines, under the series. Labels are placed so that they do not overlap.
    labels = _LabelPlacer((left, top, right, bottom))
    candidates: list[tuple[float, float, str]]
    for ref in reference_lines:
        color = _color(ref.series, _MUTED)
        if ref.axis == "x":
            x = sx(ref.value)
            line = f'x1="{_num(x)}" x2="{_num(x)}" y1="{_num(top)}" y2="{_num(bottom)}"'
            candidates = [(x + 3, top + 12 + 14 * k, "start") for k in range(4)]
            candidates += [(x - 3, top + 12 + 14 * k, "end") for k in range(4)]
        else:
            y = sy(ref.value)
            line = f'x1="{_num(left)}" x2="{_num(right)}" y1="{_num(y)}" y2="{_num(y)}"'
            candidates = [(right - 3, y - 4, "end"), (right - 3, y + 14, "end")]
        out.append(
            f'<g class="reference"><title>{escape(ref.label)}</title>'
            f'<line {line} stroke="{color}" stroke-width="1.5" stroke-dasharray="4 4"/>'
            + (labels.text(ref.label, candidates, color) if ref.label else "")
            + "</g>"
        )

    # The series.
    drawn = [s for s in series if s.points]
    if not drawn:
        out.append(
            f'<text class="empty" x="{_num((left + right) / 2)}" y="{_num(middle)}" '
            f'text-anchor="middle" fill="{_MUTED}">{escape(empty_text)}</text>'
        )
    for index, line_series in enumerate(series):
        if not line_series.points:
            continue
        points = " ".join(f"{_num(sx(x))},{_num(sy(y))}" for x, y in line_series.points)
        dash = DASHES[index % len(DASHES)]
        out.append(
            f'<polyline class="series series-{index}" clip-path="url(#{_attr(plot_id)})" '
            f'fill="none" stroke="{_color(index, _INK)}" stroke-width="2.5" '
            f'stroke-linejoin="round"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + f' points="{points}"><title>{escape(line_series.label)}</title></polyline>'
        )

    # Markers, on top.
    for marker in markers:
        color = _color(marker.series, _INK)
        x, y = sx(marker.x), sy(marker.y)
        candidates = [
            (x + 7, y - 6, "start"),
            (x + 7, y + 16, "start"),
            (x - 7, y - 6, "end"),
            (x - 7, y + 16, "end"),
            (x + 7, y - 20, "start"),
            (x + 7, y + 30, "start"),
        ]
        label = (
            labels.text(marker.label, candidates, color)
            if marker.label and marker.show_label
            else ""
        )
        out.append(
            f'<g class="marker"><title>{escape(marker.label)}</title>'
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.5" fill="{color}" stroke="#fff" '
            f'stroke-width="1.5"/>{label}</g>'
        )

    # Legend.
    if legend:
        out.append(f'<g class="legend" fill="{_INK}">')
        for row_number, row in enumerate(legend):
            y = 12 + row_number * 18
            for index, label, offset in row:
                x = left + offset
                dash = DASHES[index % len(DASHES)]
                out.append(
                    f'<line x1="{_num(x)}" x2="{_num(x + 22)}" y1="{_num(y - 4)}" '
                    f'y2="{_num(y - 4)}" stroke="{_color(index, _INK)}" stroke-width="2.5"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + f'/><text x="{_num(x + 28)}" y="{_num(y)}">{escape(label)}</text>'
                )
        out.append("</g>")

    out.append("</svg>")
    # Every text and attribute above went through escape().
    return mark_safe("".join(out))
