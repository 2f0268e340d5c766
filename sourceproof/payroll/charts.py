"""The results page's charts, drawn on the server as SVG (no JavaScript, no chart library).

- `weekly_hours_histogram`: how many worker-weeks fell in each band of total hours, with the
  weekly limits drawn as lines (bars above the total limit in the "bad" colour);
- `workers_over_limit_chart`: the workers with most weeks over a limit, as horizontal bars;
- `worker_weeks_chart`: one worker's regular and total hours week by week against the limits,
  a line chart from `sourceproof.inspections.charts` (its axes, legend and label placement).

Each returns a self-contained, escaped `<svg>` with a `<title>` and `<desc>` for screen
readers, scaling to its container's width (usable on a phone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sourceproof.inspections.charts import (
    Axis,
    Marker,
    ReferenceLine,
    Series,
    line_chart,
    nice_ticks,
)

_INK = "#1d2733"
_MUTED = "#5b6775"
_GRID = "#e3e7ec"
_BAR = "#0072B2"
_OVER = "#D55E00"
_FONT = 12


def _n(value: float) -> str:
    return f"{value:.1f}"


def _open(width: int, height: int, chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}" '
        f'style="width:100%;height:auto;max-width:{width}px" '
        f'font-family="system-ui, sans-serif" font-size="{_FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def weekly_hours_histogram(
    bins: Sequence[Sequence[float]],
    *,
    bin_hours: float,
    regular_max: float,
    total_max: float,
    weeks_over_total: int,
    width: int = 560,
    height: int = 300,
) -> SafeString:
    """Worker-weeks per band of total hours; dashed lines at the regular and total limits."""
    chart_id = "weekly-hours-histogram"
    counts = {float(b): int(n) for b, n in bins}
    title = _("Total hours per worker per week")
    if not counts:
        description = _("No weeks with time records.")
    else:
        description = _(
            "%(weeks)s worker-weeks; %(over)s of them above %(limit)s hours in total."
        ) % {"weeks": sum(counts.values()), "over": weeks_over_total, "limit": f"{total_max:g}"}
    out = _open(width, height, chart_id, title, description)
    left, right, top, bottom = 52.0, width - 14.0, 34.0, height - 44.0
    # The axis starts a little below the lowest band or the regular limit, not at 0 (weeks
    # of a few hours would otherwise squeeze the bars that matter into a corner).
    low_x = max(0.0, min([*counts, regular_max]) - 2 * bin_hours)
    high_x = max([*(b + bin_hours for b in counts), total_max + bin_hours, low_x + 8.0])
    x_ticks = nice_ticks(low_x, high_x, 8)
    x_low = min(x_ticks[0], low_x)
    x_high = max(x_ticks[-1], high_x)
    y_ticks = nice_ticks(0, max([*counts.values(), 1]), 5)
    y_high = y_ticks[-1] or 1

    def sx(v: float) -> float:
        return left + (v - x_low) * (right - left) / (x_high - x_low)

    def sy(v: float) -> float:
        return bottom - v * (bottom - top) / y_high

    out.append(f'<g class="grid" stroke="{_GRID}">')
    out += [
        f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(sy(t))}" y2="{_n(sy(t))}"/>'
        for t in y_ticks
    ]
    out.append("</g>")
    out.append(f'<g class="y-ticks" fill="{_MUTED}" text-anchor="end">')
    out += [f'<text x="{_n(left - 6)}" y="{_n(sy(t) + 4)}">{t:g}</text>' for t in y_ticks]
    out.append("</g>")
    out.append(f'<g class="x-ticks" fill="{_MUTED}" text-anchor="middle">')
    out += [
        f'<text x="{_n(sx(t))}" y="{_n(bottom + 16)}">{t:g}</text>'
        for t in x_ticks
        if x_low <= t <= x_high
    ]
    out.append("</g>")
    out.append('<g class="bars">')
    for start, count in sorted(counts.items()):
        x0, x1 = sx(start) + 0.5, sx(start + bin_hours) - 0.5
        colour = _OVER if start >= total_max else _BAR
        label = _("%(from)s to %(to)s hours: %(count)s worker-weeks") % {
            "from": f"{start:g}",
            "to": f"{start + bin_hours:g}",
            "count": count,
        }
        out.append(
            f'<rect x="{_n(x0)}" y="{_n(sy(count))}" width="{_n(max(x1 - x0, 1))}" '
            f'height="{_n(bottom - sy(count))}" fill="{colour}"><title>{escape(label)}</title></rect>'
        )
    out.append("</g>")
    # The limits as dashed lines, labelled above the plot: the regular one to the left of its
    # line, the total one to the right, so the two labels never meet.
    for value, text, anchor, dx in (
        (regular_max, _("%(h)s h regular") % {"h": f"{regular_max:g}"}, "end", -4),
        (total_max, _("%(h)s h total") % {"h": f"{total_max:g}"}, "start", 4),
    ):
        x = sx(value)
        out.append(
            f'<g class="limit"><title>{escape(text)}</title>'
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(top - 14)}" y2="{_n(bottom)}" '
            f'stroke="{_INK}" stroke-width="1.5" stroke-dasharray="4 4"/>'
            f'<text x="{_n(x + dx)}" y="{_n(top - 6)}" text-anchor="{anchor}" fill="{_INK}">'
            f"{escape(text)}</text></g>"
        )
    out.append(
        f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(bottom)}" y2="{_n(bottom)}" '
        f'stroke="{_INK}"/>'
    )
    out.append(
        f'<text x="{_n((left + right) / 2)}" y="{height - 8}" text-anchor="middle" '
        f'fill="{_INK}">{escape(_("Hours in the week (regular + overtime)"))}</text>'
    )
    out.append(
        f'<text transform="translate(14 {_n((top + bottom) / 2)}) rotate(-90)" '
        f'text-anchor="middle" fill="{_INK}">{escape(_("Worker-weeks"))}</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above went through escape()


def workers_over_limit_chart(
    top_workers: Sequence[dict[str, Any]], *, total_max: float, regular_max: float, width: int = 560
) -> SafeString:
    """Horizontal bars: weeks over the total limit and over the regular limit, per worker."""
    chart_id = "workers-over-limit"
    rows = list(top_workers)
    row_height = 26
    height = 56 + max(len(rows), 1) * row_height
    title = _("Workers with most weeks over a limit")
    if rows:
        description = _(
            "%(count)s workers shown; the first, %(worker)s, had %(weeks)s weeks "
            "above %(limit)s hours in total."
        ) % {
            "count": len(rows),
            "worker": rows[0]["worker_id"],
            "weeks": rows[0]["weeks_over_total"],
            "limit": f"{total_max:g}",
        }
    else:
        description = _("No worker had a week over a limit.")
    out = _open(width, height, chart_id, title, description)
    label_width = min(max([len(str(r["worker_id"])) for r in rows] + [6]) * 7.5 + 12, 160)
    left, right, top = label_width, width - 40.0, 30.0
    high = max([max(r["weeks_over_total"], r["weeks_over_regular"]) for r in rows] + [1])
    ticks = nice_ticks(0, high, 5)
    x_high = ticks[-1] or 1

    def sx(v: float) -> float:
        return left + v * (right - left) / x_high

    legend = [
        (_OVER, _("weeks over %(h)s h total") % {"h": f"{total_max:g}"}),
        (_BAR, _("weeks over %(h)s h regular") % {"h": f"{regular_max:g}"}),
    ]
    x = left
    out.append(f'<g class="legend" fill="{_INK}">')
    for colour, text in legend:
        out.append(
            f'<rect x="{_n(x)}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{_n(x + 16)}" y="16">{escape(text)}</text>'
        )
        x += 16 + len(text) * 7 + 18
    out.append("</g>")
    if not rows:
        out.append(
            f'<text x="{_n(width / 2)}" y="{top + 18}" text-anchor="middle" fill="{_MUTED}">'
            f"{escape(description)}</text>"
        )
    for index, row in enumerate(rows):
        y = top + index * row_height
        worker = str(row["worker_id"])
        out.append(
            f'<text x="{_n(left - 6)}" y="{_n(y + 15)}" text-anchor="end" fill="{_INK}">'
            f"{escape(worker)}</text>"
        )
        for offset, key, colour in (
            (2, "weeks_over_total", _OVER),
            (12, "weeks_over_regular", _BAR),
        ):
            value = int(row[key])
            tip = _("%(worker)s: %(weeks)s weeks") % {"worker": worker, "weeks": value}
            out.append(
                f'<rect x="{_n(left)}" y="{_n(y + offset)}" width="{_n(max(sx(value) - left, 0))}" '
                f'height="9" fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
        out.append(
            f'<text x="{_n(sx(int(row["weeks_over_total"])) + 4)}" y="{_n(y + 11)}" '
            f'fill="{_MUTED}" font-size="11">{int(row["weeks_over_total"])}</text>'
        )
    bottom = top + max(len(rows), 1) * row_height
    out.append(
        f'<line x1="{_n(left)}" x2="{_n(left)}" y1="{_n(top - 2)}" y2="{_n(bottom)}" stroke="{_INK}"/>'
    )
    out.append(f'<g class="x-ticks" fill="{_MUTED}" text-anchor="middle">')
    out += [f'<text x="{_n(sx(t))}" y="{_n(bottom + 16)}">{t:g}</text>' for t in ticks]
    out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above went through escape()


def _week_number(day: dt.date) -> float:
    """Weeks since 0001-01-01 (a Monday), so that missing weeks leave gaps on the axis."""
    return float(day.toordinal() // 7)


def _week_label(value: float) -> str:
    day = dt.date.fromordinal(round(value) * 7 + 1)
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def worker_weeks_chart(
    weeks: Sequence[Any], *, worker_id: str, regular_max: float, total_max: float
) -> SafeString:
    """One worker's regular and total hours per ISO week, against the two weekly limits."""
    regular = [(_week_number(w.week_start), float(w.regular_hours)) for w in weeks]
    total = [(_week_number(w.week_start), float(w.total_hours)) for w in weeks]
    over = [
        Marker(x, y, _("%(week)s: %(h)s h") % {"week": _week_label(x), "h": f"{y:g}"}, 1, False)
        for x, y in total
        if y > total_max
    ]
    worst = max(total, key=lambda p: p[1]) if total else None
    description = (
        _("%(weeks)s weeks; the most was %(h)s hours in %(week)s; %(over)s weeks above %(limit)s.")
        % {
            "weeks": len(weeks),
            "h": f"{worst[1]:g}",
            "week": _week_label(worst[0]),
            "over": len(over),
            "limit": f"{total_max:g}",
        }
        if worst
        else _("No time records for this worker.")
    )
    # Ticks on weeks of the data (at most six), and room on both sides so that the labels of
    # the first and last ticks stay inside the drawing.
    weeks_x = [x for x, _y in total]
    step = max(1, -(-len(weeks_x) // 6))
    ticks = weeks_x[::step]
    span = (weeks_x[-1] - weeks_x[0]) if len(weeks_x) > 1 else 1.0
    pad = max(1.0, span / 8)
    x_low = weeks_x[0] - pad if weeks_x else None
    x_high = weeks_x[-1] + pad if weeks_x else None
    return line_chart(
        title=_("Hours per week of worker %(worker)s") % {"worker": worker_id},
        description=description,
        series=[Series(_("Regular hours"), regular), Series(_("Total hours"), total)],
        x_axis=Axis(_("ISO week"), low=x_low, high=x_high, ticks=ticks or None, format=_week_label),
        y_axis=Axis(_("Hours"), low=0),
        reference_lines=[
            ReferenceLine("y", regular_max, _("%(h)s h regular") % {"h": f"{regular_max:g}"}, 0),
            ReferenceLine("y", total_max, _("%(h)s h total") % {"h": f"{total_max:g}"}, 1),
        ],
        markers=over,
        chart_id="worker-weeks",
        empty_text=_("No time records for this worker."),
    )
