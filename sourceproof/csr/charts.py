"""Server-side SVG bar charts (grouped or stacked), next to the line charts of
`sourceproof.inspections.charts` whose axes, palette and escaping they share.

    svg = bar_chart(
        title="Emissions by scope",
        description="Tonnes CO2e per year.",
        categories=["2025", "2026"],
        series=[BarSeries("Scope 1", [4.2, 3.1]), BarSeries("Scope 2", [1.0, 0.4])],
        y_axis=Axis("t CO2e"),
        stacked=True,
    )

Every bar has a ``<title>`` tooltip with its label and value; the values are also written in
the ``<desc>`` so a screen reader (and a PDF's text layer) gets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from sourceproof.inspections.charts import (
    PALETTE,
    Axis,
    LinearScale,
    format_number,
    nice_ticks,
)

_INK = "#1d2733"
_MUTED = "#5b6775"
_GRID = "#e3e7ec"
_FONT_SIZE = 12
_CHAR_WIDTH = 0.6 * _FONT_SIZE
# Hatching per series index, so series stay apart in grey print.
_PATTERNS = ("", "diag", "dots", "cross", "", "diag", "dots")


@dataclass(frozen=True, slots=True)
class BarSeries:
    label: str
    values: Sequence[float | None]  # one per category; None: no bar


def _n(value: float) -> str:
    return f"{value:.1f}".replace("-0.0", "0.0")


def _a(text: str) -> str:
    return escape(text, quote=True)


def _pattern_defs(chart_id: str, count: int) -> str:
    out = []
    for index in range(count):
        kind = _PATTERNS[index % len(_PATTERNS)]
        if not kind:
            continue
        colour = PALETTE[index % len(PALETTE)]
        pid = f"{chart_id}-p{index}"
        if kind == "diag":
            body = '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>'
        elif kind == "dots":
            body = '<circle cx="3" cy="3" r="1.2" fill="#fff"/>'
        else:
            body = '<path d="M0,3 H6 M3,0 V6" stroke="#fff" stroke-width="1.2"/>'
        out.append(
            f'<pattern id="{_a(pid)}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{body}</pattern>'
        )
    return "".join(out)


def _fill(chart_id: str, index: int) -> str:
    if _PATTERNS[index % len(_PATTERNS)]:
        return f"url(#{_a(chart_id)}-p{index})"
    return PALETTE[index % len(PALETTE)]


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[BarSeries],
    y_axis: Axis,
    stacked: bool = False,
    width: int = 560,
    height: int = 320,
    chart_id: str = "bars",
    empty_text: str = "No data",
    value_format: Callable[[float], str] = format_number,
) -> SafeString:
    """An accessible SVG bar chart: per category one bar per series (grouped) or one stack."""
    values = [v for s in series for v in s.values if v is not None]
    if stacked:
        sums = [
            sum(max(0.0, s.values[i] or 0.0) for s in series if i < len(s.values))
            for i in range(len(categories))
        ]
        values += sums
    low = y_axis.low if y_axis.low is not None else min([0.0, *values])
    high = y_axis.high if y_axis.high is not None else max([0.0, *values]) or 1.0
    ticks = (
        list(y_axis.ticks) if y_axis.ticks is not None else nice_ticks(low, high, y_axis.tick_count)
    )
    if y_axis.low is None:
        low = min(low, ticks[0])
    if y_axis.high is None:
        high = max(high, ticks[-1])
    labels = [y_axis.format(t) for t in ticks]
    left = 30 + max([len(label) for label in labels] + [1]) * _CHAR_WIDTH + 8
    right = width - 16
    legend_rows = 1 if len(series) > 1 else 0
    top = 14 + legend_rows * 18
    bottom = height - 44
    sy = LinearScale((low, high), (bottom, top))
    band = (right - left) / max(1, len(categories))
    summary = "; ".join(
        f"{category}: "
        + ", ".join(
            f"{s.label} {value_format(value)}"
            for s in series
            if i < len(s.values) and (value := s.values[i]) is not None
        )
        for i, category in enumerate(categories)
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{_a(chart_id)}-title {_a(chart_id)}-desc" class="chart" '
        f'id="{_a(chart_id)}" style="width:100%;height:auto;max-width:{width}px" '
        f'font-family="system-ui, sans-serif" font-size="{_FONT_SIZE}">',
        f'<title id="{_a(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_a(chart_id)}-desc">{escape(description)} {escape(summary)}</desc>',
        f"<defs>{_pattern_defs(chart_id, len(series))}</defs>",
        f'<g class="grid" stroke="{_GRID}" stroke-width="1">',
    ]
    for tick in ticks:
        out.append(
            f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(sy(tick))}" y2="{_n(sy(tick))}"/>'
        )
    out.append("</g>")
    out.append(
        f'<g class="axes" stroke="{_INK}" stroke-width="1">'
        f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(sy(max(low, 0.0)))}" '
        f'y2="{_n(sy(max(low, 0.0)))}"/>'
        f'<line x1="{_n(left)}" x2="{_n(left)}" y1="{_n(top)}" y2="{_n(bottom)}"/></g>'
    )
    out.append(f'<g class="y-ticks" fill="{_MUTED}" text-anchor="end">')
    for tick, label in zip(ticks, labels, strict=True):
        out.append(f'<text x="{_n(left - 6)}" y="{_n(sy(tick) + 4)}">{escape(label)}</text>')
    out.append("</g>")
    out.append(f'<g class="x-ticks" fill="{_MUTED}" text-anchor="middle">')
    for i, category in enumerate(categories):
        out.append(
            f'<text x="{_n(left + band * (i + 0.5))}" y="{_n(bottom + 16)}">{escape(category)}</text>'
        )
    out.append("</g>")
    out.append(
        f'<text class="y-label" transform="translate(14 {_n((top + bottom) / 2)}) rotate(-90)" '
        f'text-anchor="middle" fill="{_INK}">{escape(y_axis.label)}</text>'
    )
    if not values:
        out.append(
            f'<text class="empty" x="{_n((left + right) / 2)}" y="{_n((top + bottom) / 2)}" '
            f'text-anchor="middle" fill="{_MUTED}">{escape(empty_text)}</text>'
        )
    zero = sy(max(low, min(0.0, high)))
    inner = band * 0.7
    for i, category in enumerate(categories):
        x0 = left + band * i + (band - inner) / 2
        base = 0.0
        for index, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else None
            if value is None:
                continue
            tip = f"{category}, {s.label}: {value_format(value)}"
            if stacked:
                y1, y2 = sy(base + max(0.0, value)), sy(base)
                base += max(0.0, value)
                x, w = x0, inner
            else:
                w = inner / max(1, len(series))
                x = x0 + index * w
                y1, y2 = min(sy(value), zero), max(sy(value), zero)
            out.append(
                f'<rect class="bar series-{index}" x="{_n(x)}" y="{_n(y1)}" width="{_n(max(w - 1, 1))}" '
                f'height="{_n(max(y2 - y1, 0))}" fill="{_fill(chart_id, index)}" '
                f'stroke="{PALETTE[index % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
            )
    if legend_rows:
        out.append(f'<g class="legend" fill="{_INK}">')
        x = left
        for index, s in enumerate(series):
            out.append(
                f'<rect x="{_n(x)}" y="4" width="12" height="12" fill="{_fill(chart_id, index)}" '
                f'stroke="{PALETTE[index % len(PALETTE)]}"/>'
                f'<text x="{_n(x + 16)}" y="14">{escape(s.label)}</text>'
            )
            x += 16 + len(s.label) * _CHAR_WIDTH + 16
        out.append("</g>")
    out.append("</svg>")
    # Every text and attribute above went through escape().
    return mark_safe("".join(out))
