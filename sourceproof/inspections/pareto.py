"""A server-side SVG bar chart for the defect Pareto: horizontal bars (readable on a phone),
largest first, each with its units and the cumulative share. No JavaScript.

The line charts of the dashboard use `inspections/charts.py`; this module draws bars only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from django.utils.safestring import SafeString, mark_safe

_INK: Final = "#1d2733"
_MUTED: Final = "#5b6775"
_GRID: Final = "#e3e7ec"
CLASS_COLOURS: Final = {"critical": "#C62828", "major": "#D55E00", "minor": "#0072B2"}


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # shown left of the bar (e.g. the defect code)
    value: int
    note: str = ""  # shown right of the value (e.g. "38 % cumulative")
    tooltip: str = ""
    group: str = ""  # colours the bar (critical, major, minor)


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    width: int = 560,
    row_height: int = 26,
    label_width: int = 120,
    chart_id: str = "bars",
    empty_text: str = "No data",
) -> SafeString:
    """Accessible horizontal bars; every text is escaped."""
    top = 8
    height = top + max(1, len(bars)) * row_height + 8
    right_text = 150
    plot_left = label_width + 8
    plot_width = max(40, width - plot_left - right_text)
    largest = max((b.value for b in bars), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" class="chart" '
        f'id="{escape(chart_id)}" style="width:100%;height:auto;max-width:{width}px" '
        'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not bars:
        out.append(
            f'<text x="{width / 2:.1f}" y="{height / 2 + 4:.1f}" text-anchor="middle" '
            f'fill="{_MUTED}">{escape(empty_text)}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row_height
        length = plot_width * bar.value / largest
        colour = CLASS_COLOURS.get(bar.group, _INK)
        out.append(
            f'<g class="bar"><title>{escape(bar.tooltip or bar.label)}</title>'
            f'<text x="{label_width:.1f}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end" '
            f'fill="{_INK}">{escape(bar.label)}</text>'
            f'<line x1="{plot_left:.1f}" x2="{plot_left + plot_width:.1f}" '
            f'y1="{y + row_height - 1:.1f}" y2="{y + row_height - 1:.1f}" stroke="{_GRID}"/>'
            f'<rect x="{plot_left:.1f}" y="{y + 4:.1f}" width="{max(length, 1):.1f}" '
            f'height="{row_height - 10:.1f}" fill="{colour}" rx="2"/>'
            f'<text x="{plot_left + length + 6:.1f}" y="{y + row_height / 2 + 4:.1f}" '
            f'fill="{_INK}">{bar.value}'
            + (f' <tspan fill="{_MUTED}">{escape(bar.note)}</tspan>' if bar.note else "")
            + "</text></g>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))
